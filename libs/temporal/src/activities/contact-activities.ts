import { ApplicationFailure, Context } from '@temporalio/activity';
import { withTenant, type PrismaClient } from '@leadline/database';
import {
  ContactProcessor,
  giveUpSends,
  MAX_EVENT_ATTEMPTS,
  MissingCredentialsError,
  RecipientPacedError,
  RetryLaterError,
  runActivity,
  sendMessages,
  appendContactEvent,
  type ActivityHandlers,
  type ActivityJob,
  type Clock,
  type ContactWake,
  type InboxNotifier,
  type ProviderFactory,
  type RecipientPacer,
  type SendDeps,
} from '@leadline/engine';
import { signalActivity, type EngineMetrics } from '@leadline/ops';
import {
  NON_RETRYABLE,
  SEND_ATTEMPTS,
  STEP_ATTEMPTS,
  type ContactActivities,
  type ContactRef,
  type ProcessResult,
  type RunStepInput,
  type SendBatch,
  type SendBatchInput,
  type StepCall,
} from '../workflows/contract';

export interface ContactActivityDeps {
  prisma: PrismaClient;
  providers: ProviderFactory;
  clock: Clock;
  /** The AI, document, HTTP and custom handlers, the same functions the embedded engine calls. */
  handlers: ActivityHandlers;
  /** Hands the contact's new inbox events (a refused send, a step's result) to its workflow. */
  wake: ContactWake;
  reconcileMs?: number;
  /** Paces each recipient to WhatsApp's pair rate, as on the embedded engine (none when unset). */
  pacer?: RecipientPacer;
  /**
   * Paces each WhatsApp number to its throughput (CHANNEL_RATE: 80 messages/s, the embedded send
   * queue's limiter), shared by every worker through Redis; taken once per message, key `*`.
   */
  channelRate?: RecipientPacer;
  notify?: InboxNotifier;
  /** An event set aside after MAX_EVENT_ATTEMPTS failures (the worker logs it and counts it). */
  onSetAside?: (error: unknown, eventId: bigint) => void;
  /**
   * The engine's domain metrics (@leadline/ops createEngineMetrics): steps by outcome, contact events,
   * sends, window-closed refusals, template fallbacks, timer lateness. The same counters, counted by
   * the same code (ContactProcessor, sendMessages) as on the embedded engine.
   */
  metrics?: EngineMetrics;
}

/** A WhatsApp number's throughput: Meta's default of 80 messages/s (the embedded send queue's limiter). */
export const CHANNEL_RATE = { burst: 80, intervalMs: 1000 / 80 };

/** Longest wait for a recipient's pacing inside one attempt; longer waits are a retry with that delay. */
const MAX_PACING_WAIT_MS = 30_000;

/** Thrown by every activity once the contact is gone: the workflow ends (nothing of theirs is kept). */
export function contactErased(contactId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`contact ${contactId} was erased`, NON_RETRYABLE.contactErased);
}

/** Errors of the shared engine code, mapped to Temporal's retry semantics. */
function temporalError(error: unknown): unknown {
  if (error instanceof RetryLaterError) {
    return ApplicationFailure.create({
      message: error.message,
      type: 'RetryLater',
      nextRetryDelay: error.delayMs,
    });
  }
  if (error instanceof RecipientPacedError) {
    return ApplicationFailure.create({
      message: error.message,
      type: 'RecipientPaced',
      nextRetryDelay: error.delayMs,
    });
  }
  return error;
}

function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // Outside an activity (a plain call in a test): nothing to report to.
  }
}

interface OutboxRow {
  id: bigint;
  kind: string;
  payload: Record<string, unknown>;
}

/**
 * The contact workflow's activities over PostgreSQL and the providers. Applying events is the
 * embedded engine's ContactProcessor (same routing, same step(), same persistence, same 5-strike
 * rule), so runs, traces and messages look the same whichever engine ran them, and a transition is
 * committed together with the inbox row it consumed: applied once, whatever Temporal retries or
 * replays, and whatever `temporal workflow reset` re-runs (the rows are already processed).
 */
export function createContactActivities(deps: ContactActivityDeps): ContactActivities {
  const { prisma } = deps;
  const processor = new ContactProcessor(
    prisma,
    deps.clock,
    async () => heartbeat(),
    (error, eventId) => deps.onSetAside?.(error, eventId),
    'temporal',
    deps.metrics,
  );
  const sendDeps: SendDeps = {
    prisma,
    providers: deps.providers,
    clock: deps.clock,
    wake: deps.wake,
    ...(deps.reconcileMs === undefined ? {} : { reconcileMs: deps.reconcileMs }),
    ...(deps.pacer ? { pacer: deps.pacer } : {}),
    ...(deps.notify ? { notify: deps.notify } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  };

  async function ensureContact(ref: ContactRef): Promise<void> {
    const contact = await withTenant(prisma, ref.tenantId, (tx) =>
      tx.contact.findUnique({ where: { id: ref.contactId }, select: { id: true } }),
    );
    if (!contact) throw contactErased(ref.contactId);
  }

  async function processContact(ref: ContactRef): Promise<ProcessResult> {
    await ensureContact(ref);
    const applied = await processor.process(ref.tenantId, ref.contactId);
    // The step committed: poll loops slowed down at rest return to their cadence (@leadline/ops PollLoop).
    signalActivity();
    return withTenant(prisma, ref.tenantId, async (tx) => {
      // The contact's effects still to carry out, oldest first. Sends and steps stay unpublished
      // until the activity that carries them out completes, so a lost result hands them out again
      // (sends are once per message id; a step's result is once per request id).
      const rows = await tx.$queryRaw<OutboxRow[]>`
        SELECT o.id, o.kind, o.payload FROM outbox o
        WHERE o.published_at IS NULL
          AND (o.payload->>'contactId' = ${ref.contactId}
               OR (o.kind = 'send' AND EXISTS (
                     SELECT 1 FROM messages m
                     WHERE m.id::text = o.payload->'messageIds'->>0 AND m.contact_id = ${ref.contactId}::uuid)))
        ORDER BY o.id LIMIT 200`;
      const sends: SendBatch[] = [];
      const steps: StepCall[] = [];
      const timerRows: bigint[] = [];
      for (const row of rows) {
        const p = row.payload;
        if (row.kind === 'send')
          sends.push({
            outboxId: String(row.id),
            channelId: String(p.channelId),
            messageIds: p.messageIds as string[],
          });
        else if (row.kind === 'activity')
          steps.push({
            outboxId: String(row.id),
            runId: String(p.runId),
            requestId: String(p.requestId),
            nodeId: String(p.nodeId),
            request: p.request as StepCall['request'],
          });
        else if (row.kind === 'timer') timerRows.push(row.id); // the workflow's timer reads run_timers
      }
      const now = deps.clock.now();
      if (timerRows.length)
        await tx.$executeRaw`UPDATE outbox SET published_at = ${now} WHERE id = ANY(${timerRows}::bigint[])`;
      // A timer already in the inbox (fired, maybe set aside) is not due again.
      const [next] = await tx.$queryRaw<Array<{ due: Date | null }>>`
        SELECT min(t.due_at) AS due FROM run_timers t
        WHERE t.contact_id = ${ref.contactId}::uuid AND t.fired_at IS NULL AND t.cancelled_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM contact_events e
                          WHERE e.tenant_id = t.tenant_id AND e.dedupe_key = 'timer.' || t.run_id || '.' || t.timer_id)`;
      const active = await tx.flowRun.count({
        where: { contactId: ref.contactId, status: { in: ['running', 'waiting', 'handoff'] } },
      });
      const pending = await tx.$queryRaw<Array<{ n: bigint }>>`
        SELECT count(*) AS n FROM contact_events WHERE contact_id = ${ref.contactId}::uuid AND processed_at IS NULL`;
      return {
        applied,
        more: applied >= ContactProcessor.batchLimit || Number(pending[0]?.n ?? 0) > 0,
        sends,
        steps,
        nextDueAt: next?.due ? next.due.toISOString() : null,
        active: active > 0,
      };
    });
  }

  async function markPublished(tenantId: string, outboxId: string): Promise<void> {
    const now = deps.clock.now();
    await withTenant(
      prisma,
      tenantId,
      (tx) =>
        tx.$executeRaw`UPDATE outbox SET published_at = ${now} WHERE id = ${BigInt(outboxId)} AND published_at IS NULL`,
    );
  }

  /** Waits for the number's allowance, one token per message of the batch. */
  async function paceChannel(channelId: string, messages: number): Promise<void> {
    if (!deps.channelRate) return;
    for (let i = 0; i < messages; i++) {
      for (
        let wait = await deps.channelRate.take(channelId, '*');
        wait > 0;
        wait = await deps.channelRate.take(channelId, '*')
      ) {
        heartbeat();
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  async function sendBatch(input: SendBatchInput): Promise<void> {
    const attempt = Context.current().info.attempt;
    const job = { tenantId: input.tenantId, messageIds: input.batch.messageIds };
    await paceChannel(input.batch.channelId, job.messageIds.length);
    for (;;) {
      try {
        await sendMessages(sendDeps, job, attempt - 1);
        break;
      } catch (error) {
        if (error instanceof RecipientPacedError && error.delayMs <= MAX_PACING_WAIT_MS) {
          // Waiting for the recipient's allowance is not a failure: wait within the attempt.
          heartbeat();
          await new Promise((resolve) => setTimeout(resolve, error.delayMs));
          continue;
        }
        // Missing credentials cannot be fixed by retrying; the last attempt gives up like the
        // embedded engine's send job: the messages fail and the run hears send.failed.
        const final = error instanceof MissingCredentialsError || attempt >= SEND_ATTEMPTS;
        if (!final) throw temporalError(error);
        await giveUpSends(sendDeps, job, attempt, error);
        break;
      }
    }
    await markPublished(input.tenantId, input.batch.outboxId);
  }

  async function runStep(input: RunStepInput): Promise<void> {
    await ensureContact(input);
    const attempt = Context.current().info.attempt;
    const job: ActivityJob = {
      tenantId: input.tenantId,
      contactId: input.contactId,
      runId: input.call.runId,
      requestId: input.call.requestId,
      nodeId: input.call.nodeId,
      request: input.call.request as ActivityJob['request'],
    };
    try {
      await runActivity(prisma, deps.clock, deps.handlers, job, deps.wake, attempt);
    } catch (error) {
      if (attempt < STEP_ATTEMPTS) throw temporalError(error);
      // The last attempt: the run takes the node's error port instead of waiting for ever.
      await withTenant(prisma, input.tenantId, (tx) =>
        appendContactEvent(tx, {
          tenantId: input.tenantId,
          contactId: input.contactId,
          kind: 'activity.result',
          payload: {
            runId: job.runId,
            requestId: job.requestId,
            ok: false,
            error: {
              code: 'ACTIVITY_FAILED',
              message: String((error as Error)?.message ?? error).slice(0, 500),
            },
          },
          dedupeKey: `activity.${job.requestId}`,
          occurredAt: deps.clock.now(),
        }),
      );
    }
    await markPublished(input.tenantId, input.call.outboxId);
  }

  async function fireTimers(ref: ContactRef): Promise<number> {
    await ensureContact(ref);
    const now = deps.clock.now();
    return withTenant(prisma, ref.tenantId, async (tx) => {
      const due = await tx.runTimer.findMany({
        where: { contactId: ref.contactId, firedAt: null, cancelledAt: null, dueAt: { lte: now } },
        select: { runId: true, timerId: true },
      });
      let fired = 0;
      for (const timer of due) {
        const id = await appendContactEvent(tx, {
          tenantId: ref.tenantId,
          contactId: ref.contactId,
          kind: 'timer',
          payload: { runId: timer.runId, timerId: timer.timerId },
          dedupeKey: `timer.${timer.runId}.${timer.timerId}`,
          occurredAt: now,
        });
        if (id !== null) fired += 1;
      }
      return fired;
    });
  }

  return { processContact, sendBatch, runStep, fireTimers };
}

export { MAX_EVENT_ATTEMPTS };
