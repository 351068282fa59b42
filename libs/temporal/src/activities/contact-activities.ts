import { ApplicationFailure, Context } from '@temporalio/activity';
import { withTenant, type Prisma, type PrismaClient, type TenantTransaction } from '@leadline/database';
import {
  MissingCredentialsError,
  persistTransition,
  RetryLaterError,
  sendMessages,
  upsertConversation,
  type ActivityHandlers,
  type Clock,
  type ContactWake,
  type ProviderFactory,
} from '@leadline/engine';
import { strongestTrigger, triggerOf, validateFlow, type Flow, type RunState } from '@leadline/flow-core';
import {
  NON_RETRYABLE,
  type ActivityOutcome,
  type AdoptedRun,
  type AdoptRunsInput,
  type RouteResult,
  type ApplyTransitionInput,
  type ContactActivities,
  type ResolveLeadInput,
  type RouteInboundInput,
  type RunActivityInput,
  type RunStart,
} from '../workflows/contract';

export interface ContactActivityDeps {
  prisma: PrismaClient;
  providers: ProviderFactory;
  clock: Clock;
  /** The AI, document, HTTP and custom handlers, the same functions the embedded engine calls. */
  handlers: ActivityHandlers;
  /** Hands the contact's pending inbox events (e.g. a refused send) to its workflow. */
  wake: ContactWake;
  reconcileMs?: number;
}

type FlowWithVersion = Prisma.FlowGetPayload<{ include: { activeVersion: true } }>;

function parsed(versionId: string, definition: unknown): Flow {
  const result = validateFlow(definition);
  if (!result.flow || !result.ok) {
    throw ApplicationFailure.nonRetryable(
      `flow version ${versionId} does not validate: ${result.diagnostics[0]?.message ?? 'unknown problem'}`,
      NON_RETRYABLE.invalidFlow,
    );
  }
  return result.flow;
}

async function contactSnapshot(tx: TenantTransaction, contactId: string) {
  const contact = await tx.contact.findUnique({ where: { id: contactId } });
  if (!contact) return null;
  return {
    optedOut: contact.optInState === 'opted_out',
    snapshot: {
      phone: contact.phone,
      ...(contact.name ? { name: contact.name } : {}),
      fields: (contact.fields as Record<string, unknown>) ?? {},
      tags: contact.tags,
      ...(contact.lastInboundAt ? { lastInboundAt: contact.lastInboundAt.toISOString() } : {}),
    },
  };
}

function toStart(
  flow: FlowWithVersion,
  definition: Flow,
  trigger: RunStart['trigger'],
  channelId: string,
  contact: RunStart['contact'],
): RunStart {
  const version = flow.activeVersion as NonNullable<FlowWithVersion['activeVersion']>;
  return {
    flowId: flow.id,
    flowVersionId: version.id,
    version: version.version,
    flow: definition,
    trigger,
    channelId,
    contact,
  };
}

/**
 * The contact's active runs that the workflow does not hold: after a switch from the embedded engine
 * they are taken over where they stand (state, pinned version, timers) and marked as Temporal's.
 */
async function runsToAdopt(tx: TenantTransaction, contactId: string, held: string[]): Promise<AdoptedRun[]> {
  const runs = await tx.flowRun.findMany({
    where: { contactId, status: { in: ['running', 'waiting', 'handoff'] }, id: { notIn: held } },
    include: { flowVersion: true, conversation: { select: { channelId: true } } },
    orderBy: { startedAt: 'asc' },
  });
  const adopted: AdoptedRun[] = [];
  for (const run of runs) {
    const state = run.state as unknown as RunState;
    if (!state || state.v !== 1) continue; // a run whose first transition is not recorded yet
    if (run.engine !== 'temporal')
      await tx.flowRun.update({ where: { id: run.id }, data: { engine: 'temporal' } });
    adopted.push({
      runId: run.id,
      flowId: run.flowId,
      flowVersionId: run.flowVersionId,
      channelId: run.conversation?.channelId ?? null,
      state,
      flow: parsed(run.flowVersion.id, run.flowVersion.definition),
    });
  }
  return adopted;
}

/** Job ids and keys that are stable across an activity's retries and unique across workflow runs. */
function attemptKey(): { key: string; attempt: number } {
  const info = Context.current().info;
  return {
    key: `${info.workflowExecution?.runId ?? 'standalone'}.${info.activityId}`,
    attempt: info.attempt,
  };
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
  if (error instanceof MissingCredentialsError)
    return ApplicationFailure.nonRetryable(error.message, NON_RETRYABLE.missingCredentials);
  return error;
}

/**
 * The contact workflow's activities over PostgreSQL and the providers. Routing is the embedded
 * processor's (same queries, same trigger match); recording uses the embedded engine's
 * persistTransition, so runs, traces and messages look the same whichever engine ran them.
 */
export function createContactActivities(deps: ContactActivityDeps): ContactActivities {
  const { prisma } = deps;

  async function routeInbound(input: RouteInboundInput): Promise<RouteResult> {
    return withTenant(prisma, input.tenantId, async (tx) => {
      const adopt = await runsToAdopt(tx, input.contactId, input.heldRunIds);
      const contact = await contactSnapshot(tx, input.contactId);
      if (!contact || contact.optedOut) return { adopt, start: null };
      const flows = await tx.flow.findMany({
        where: { archivedAt: null, activeVersionId: { not: null } },
        include: { activeVersion: true },
        orderBy: { key: 'asc' },
      });
      const best = strongestTrigger(
        flows.flatMap((flow) =>
          flow.activeVersion
            ? [{ row: flow, flow: parsed(flow.activeVersion.id, flow.activeVersion.definition) }]
            : [],
        ),
        input.message,
      );
      if (!best) return { adopt, start: null };
      return {
        adopt,
        start: toStart(
          best.candidate.row,
          best.candidate.flow,
          best.trigger,
          input.channelId,
          contact.snapshot,
        ),
      };
    });
  }

  async function resolveLead(input: ResolveLeadInput): Promise<RouteResult> {
    return withTenant(prisma, input.tenantId, async (tx) => {
      const adopt = await runsToAdopt(tx, input.contactId, input.heldRunIds);
      const flow = await tx.flow.findFirst({
        where: { key: input.flowKey, archivedAt: null },
        include: { activeVersion: true },
      });
      if (!flow?.activeVersion) return { adopt, start: null };
      const definition = parsed(flow.activeVersion.id, flow.activeVersion.definition);
      if (triggerOf(definition)?.data.on !== 'api') return { adopt, start: null };
      const contact = await contactSnapshot(tx, input.contactId);
      if (!contact) return { adopt, start: null };
      return { adopt, start: toStart(flow, definition, 'api', input.channelId, contact.snapshot) };
    });
  }

  async function adoptRuns(input: AdoptRunsInput): Promise<AdoptedRun[]> {
    return withTenant(prisma, input.tenantId, (tx) => runsToAdopt(tx, input.contactId, input.heldRunIds));
  }

  async function applyTransition(input: ApplyTransitionInput): Promise<void> {
    const { key, attempt } = attemptKey();
    const now = deps.clock.now();
    const sendKeys = input.transition.effects.flatMap((effect) =>
      effect.type === 'send' ? [effect.id] : [],
    );
    const messageIds = await withTenant(prisma, input.tenantId, async (tx) => {
      // The ledger row makes a retried attempt skip what an earlier attempt already committed.
      const [fresh] = await tx.$queryRaw<Array<{ id: bigint }>>`
        INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at, processed_at)
        VALUES (${input.tenantId}::uuid, ${input.contactId}::uuid, 'temporal.applied',
                ${JSON.stringify({ runId: input.runId })}::jsonb, ${`temporal.applied.${key}`}, ${now}, ${now})
        ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
        RETURNING id`;
      if (fresh) await record(tx, input, now);
      if (!sendKeys.length) return [];
      const rows = await tx.message.findMany({
        where: { idempotencyKey: { in: sendKeys } },
        select: { id: true, idempotencyKey: true },
      });
      const byKey = new Map(rows.map((row) => [row.idempotencyKey, row.id]));
      return sendKeys.flatMap((sendKey) => byKey.get(sendKey) ?? []);
    });
    if (!messageIds.length) return;
    try {
      await sendMessages(
        {
          prisma,
          providers: deps.providers,
          clock: deps.clock,
          wake: deps.wake,
          ...(deps.reconcileMs === undefined ? {} : { reconcileMs: deps.reconcileMs }),
        },
        { tenantId: input.tenantId, messageIds },
        attempt,
      );
    } catch (error) {
      throw temporalError(error);
    }
  }

  async function record(tx: TenantTransaction, input: ApplyTransitionInput, now: Date): Promise<void> {
    let conversationId: string | null = null;
    if (input.start) {
      const existing = await tx.flowRun.findUnique({ where: { id: input.runId } });
      conversationId =
        existing?.conversationId ??
        (input.channelId
          ? await upsertConversation(tx, input.tenantId, input.contactId, input.channelId, now)
          : null);
      if (!existing) {
        await tx.flowRun.create({
          data: {
            id: input.runId,
            tenantId: input.tenantId,
            flowId: input.flowId,
            flowVersionId: input.flowVersionId,
            contactId: input.contactId,
            conversationId,
            status: 'running',
            engine: 'temporal',
          },
        });
      }
    } else {
      const run = await tx.flowRun.findUnique({
        where: { id: input.runId },
        select: { conversationId: true },
      });
      conversationId = run?.conversationId ?? null;
    }
    const context = {
      tenantId: input.tenantId,
      runId: input.runId,
      flowId: input.flowId,
      flowVersionId: input.flowVersionId,
      contactId: input.contactId,
      conversationId,
      channelId: input.channelId,
    };
    await persistTransition(tx, context, input.transition, now);
    // This activity sends the messages itself: the embedded relay must not find them in the outbox.
    const ids = await tx.message.findMany({
      where: { runId: input.runId, status: 'queued', direction: 'out' },
      select: { id: true },
    });
    if (ids.length) {
      await tx.$executeRaw`
        UPDATE outbox SET published_at = ${now}
        WHERE published_at IS NULL AND kind = 'send'
          AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(payload->'messageIds') m
                      WHERE m = ANY(${ids.map((row) => row.id)}::text[]))`;
    }
  }

  async function runActivity(input: RunActivityInput): Promise<ActivityOutcome> {
    const handler = deps.handlers[input.request.kind];
    if (!handler) {
      return {
        ok: false,
        error: {
          code: 'ACTIVITY_UNAVAILABLE',
          message: `This server cannot run "${input.request.kind}" steps yet (no ${input.request.kind} handler is configured).`,
        },
      };
    }
    try {
      // The attempt number lets a custom activity apply its own declared retries (it throws to be
      // retried before its last attempt and answers the error port on it), as on the embedded engine.
      return await handler(input, Context.current().info.attempt);
    } catch (error) {
      throw temporalError(error);
    }
  }

  return { routeInbound, resolveLead, adoptRuns, applyTransition, runActivity };
}
