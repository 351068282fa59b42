import { randomUUID } from 'node:crypto';
import {
  routeInbound,
  RUN_LIMIT_CODES,
  sendFailedEvent,
  step,
  withLatestInbound,
  type Effect,
  type InboundMessage,
  type RunEvent,
  type RunState,
} from '@leadline/flow-core';
import type { Pool } from 'pg';
import { templateFallbacks, type AppliedEvent } from './applied-event';
import { CAMPAIGN_REPLY_WINDOW_MS } from './campaign-reply';
import { parseContactEvent } from './contact-event-payloads';
import { compiledVersionBy, conversationChannelBy } from './flow-cache';
import type { OutboxRow } from './outbox-relay';
import type { InlineClaim, InlineReserver } from './send-inline';
import { traceDataOf } from './persist-transition';
import { hotTenantTransaction, type HotStatement, type HotTransaction } from './sql/hot-sql';
import {
  APPLY_HEADS,
  contactRow,
  CONVERSATION_CHANNEL,
  FLOW_VERSION,
  lockContactSql,
  PERSIST_STEP,
  PERSIST_STEPS,
  type HotContact,
  type HotRun,
  type PersistStepRow,
} from './sql/hot-statements';

/** The hot path cannot apply this event; the caller applies it on the Prisma path instead. */
export const FALLBACK = Symbol('fallback');

/** An applied event, and whether another waits (read with it). */
export type HotApplied = { applied: AppliedEvent; more: boolean };

const ACTIVE = new Set(['running', 'waiting', 'handoff']);
const ENDED = new Set(['completed', 'failed', 'cancelled']);

type SendEffect = Extract<Effect, { type: 'send' }>;
type RowOf<S> = S extends HotStatement<infer R> ? R : never;
export type HeadRow = RowOf<typeof APPLY_HEADS>;
export type PersistedStep = RowOf<typeof PERSIST_STEPS>;

/**
 * How a step's two statements reach PostgreSQL: its head read and its writes. On its own (ALONE)
 * each is a statement of one row (APPLY_HEADS with its one contact, PERSIST_STEP); a batch of steps (contact-step-batch.ts)
 * reads its steps' heads with their locks (its first statement, as APPLY_HEADS rows) and gathers
 * their writes into one PERSIST_STEPS. `at` is the step's time.
 */
export interface StepStatements {
  head(tx: HotTransaction, contactId: string, at: Date, since: Date): Promise<HeadRow | undefined>;
  persist(
    tx: HotTransaction,
    tenantId: string,
    at: Date,
    row: PersistStepRow,
  ): Promise<PersistedStep | undefined>;
}

/**
 * A step's statements sent alone (a contact the batch found BUSY, a batch gone step by step, a batch
 * of one): APPLY_HEADS for its one contact (the head rules live only in ll_apply_heads, issue 21,
 * eleventh round) and the single-row PERSIST_STEP, both prepared once per connection. Not
 * PERSIST_STEPS with one row: its plan is made for a batch (it sizes its JSON array as 100 rows).
 */
export const ALONE: StepStatements = {
  head: async (tx, contactId, at, since) => {
    const [head] = await tx.run(APPLY_HEADS, [[contactId], at, since]);
    return head;
  },
  persist: async (tx, tenantId, at, row) => {
    const [written] = await tx.run(PERSIST_STEP, [
      row.run,
      JSON.stringify(row.state),
      row.status,
      row.node,
      JSON.stringify(row.vars),
      row.error ? JSON.stringify(row.error) : null,
      row.endedAt,
      row.engine,
      tenantId,
      row.flow,
      row.version,
      row.trace.map((entry) => new Date(entry.at)),
      row.trace.map((entry) => entry.type),
      row.trace.map((entry) => entry.node),
      row.trace.map((entry) => entry.port),
      row.trace.map((entry) => (entry.data ? JSON.stringify(entry.data) : null)),
      row.conversation,
      row.contact,
      row.channel,
      row.messages.map((message) => message.id),
      row.messages.map((message) => message.type),
      row.messages.map((message) => JSON.stringify(message.body)),
      row.messages.map((message) => message.key),
      row.messages.map((message) => message.template),
      row.send ? JSON.stringify(row.send) : null,
      row.armed.map((timer) => timer.id),
      row.armed.map((timer) => new Date(timer.due)),
      row.cancelled,
      row.queued.map((entry) => entry.kind),
      row.queued.map((entry) => JSON.stringify(entry.payload)),
      row.summary ? JSON.stringify(row.summary) : null,
      JSON.stringify(row.shown),
      at,
      row.claimAt,
    ]);
    return written;
  },
};

/**
 * Applies a contact's next event on plain SQL (sql/hot-sql.ts) when it is the common case: a message
 * to a waiting run (or one that no run takes and no flow may start), a send failure, a timer or an
 * activity result, whose transition sends messages, arms or cancels timers, calls activities or ends
 * the run (issue 21, fourth round: a fired timer's transition usually arms another or ends the run).
 * Four round trips: BEGIN + scope + contact lock; the head event with the runs it may go to (and the
 * campaign reply it is); the run's writes (state, trace, messages, timers, outbox, run.completed) in
 * one statement; COMMIT. With `inline`, the messages are stored claimed for the caller's own send
 * after COMMIT when their rate allows (send-inline.ts): one Redis call before the statement, no round
 * trip to PostgreSQL added.
 *
 * Anything else (a message that may start a flow, a lead, an operator's control, a transition with
 * contact updates, a handoff or a run-limit stop, a run of another contact) rolls back and returns
 * FALLBACK: the caller applies the event on the Prisma path (contact-processor.ts),
 * which holds every rule. Nothing the hot path did survives the rollback.
 */
export async function applyNextHot(pool: Pool, step: HotStep): Promise<HotApplied | null | typeof FALLBACK> {
  return hotTenantTransaction(pool, step.tenantId, [lockContactSql(step.contactId)], (tx, [locked]) =>
    applyLockedHot(tx, step, locked?.rows ?? []),
  );
}

/** One contact's step on the hot path: whose, and what its caller gets back besides the result. */
export interface HotStep {
  tenantId: string;
  contactId: string;
  now: () => Date;
  engine: 'embedded' | 'temporal';
  /** The step's outbox rows, for the caller to publish (or send inline) after the commit. */
  outbox: OutboxRow[];
  /** Told the head event as soon as it is read (a failure strikes it). */
  noteHead: (id: bigint, kind: string) => void;
  inline?: InlineReserver;
  /**
   * Awaited once the step knows it stays on the hot path and will write (its transition computed),
   * before its send's rate is taken and its writes are sent. A batch holds its steps there until
   * each has decided, so a step that leaves the batch (FALLBACK, an error) does so before any of
   * them wrote or took rate (contact-step-batch.ts). A gate that throws ends the step unwritten.
   */
  gate?: () => Promise<void>;
  /** Where its statements go: ALONE unless a batch gathers them. */
  statements?: StepStatements;
}

/**
 * applyNextHot's work once the contact's lock was taken (`locked`: its row, or none when the contact
 * is gone), in a transaction of its own or in a batch's (contact-step-batch.ts).
 */
export async function applyLockedHot(
  tx: HotTransaction,
  { tenantId, contactId, now, engine, outbox, noteHead, inline, gate, statements = ALONE }: HotStep,
  locked: readonly unknown[],
): Promise<HotApplied | null | typeof FALLBACK> {
  if (!locked.length) return null;
  const contact = contactRow.parse(locked[0]);
  const at = now();
  const since = new Date(at.getTime() - CAMPAIGN_REPLY_WINDOW_MS);
  const head = await statements.head(tx, contactId, at, since);
  if (!head) return null;
  noteHead(head.id, head.kind);
  const applier = new HotApplier(tx, tenantId, contact, at, engine, statements, inline, gate);
  const done = await applier.apply(head.kind, head.payload, head.runs, head.timer_due_at);
  if (!done) {
    tx.abandon();
    return FALLBACK;
  }
  outbox.push(...applier.outbox);
  return { applied: { kind: head.kind, ...applier.observed }, more: head.more };
}

class HotApplier {
  readonly observed: Omit<AppliedEvent, 'kind'> = { steps: [], templateFallbacks: 0 };
  readonly outbox: OutboxRow[] = [];

  constructor(
    private readonly tx: HotTransaction,
    private readonly tenantId: string,
    private readonly contact: HotContact,
    private readonly now: Date,
    private readonly engine: 'embedded' | 'temporal',
    private readonly statements: StepStatements,
    private readonly inline?: InlineReserver,
    private readonly gate?: () => Promise<void>,
  ) {}

  /** False: not a case for the hot path (nothing was written that the rollback would not undo). */
  async apply(kind: string, payload: unknown, runs: HotRun[], timerDueAt: Date | null): Promise<boolean> {
    const body = parseContactEvent(kind, payload);
    switch (body.kind) {
      case 'inbound':
        return this.inbound(body.payload.message, runs);
      case 'status':
        return this.toRun(runs, body.payload.runId, sendFailedEvent(body.payload));
      case 'timer':
        return this.timer(runs, body.payload.runId, body.payload.timerId, timerDueAt);
      case 'activity.result': {
        const result = body.payload;
        return this.toRun(
          runs,
          result.runId,
          result.ok
            ? { type: 'activity.result', requestId: result.requestId, ok: true, output: result.output }
            : { type: 'activity.result', requestId: result.requestId, ok: false, error: result.error },
        );
      }
      default:
        return false;
    }
  }

  /** Same routing as the Prisma path (flow-core's routeInbound); starting a flow is left to it. */
  private async inbound(message: InboundMessage, runs: HotRun[]): Promise<boolean> {
    const active = runs
      .filter((run) => ACTIVE.has(run.status))
      .map((run) => ({ row: run, flowId: run.flowId, state: run.state as RunState }));
    const optedOut = this.contact.opt_in_state === 'opted_out';
    const route = routeInbound({ message, runs: active, optedOut, flows: [] });
    switch (route.kind) {
      case 'deliver':
        return this.advance(route.run.row, { type: 'inbound', message });
      case 'held':
        return true;
      case 'none':
        // Without the published flows, "no match" only means no flow was looked at.
        return route.reason === 'opted_out';
      case 'start':
        return false;
    }
  }

  private async timer(runs: HotRun[], runId: string, timerId: string, dueAt: Date | null): Promise<boolean> {
    const run = runs.find((candidate) => candidate.id === runId);
    if (!run) return false;
    // Read and marked fired by APPLY_HEADS; a stale (cancelled) or already fired timer matched none.
    if (!dueAt) return true;
    this.observed.timerLatenessMs = this.now.getTime() - dueAt.getTime();
    return this.advance(run, { type: 'timer', timerId });
  }

  private toRun(runs: HotRun[], runId: string, event: RunEvent): Promise<boolean> {
    const run = runs.find((candidate) => candidate.id === runId);
    return run ? this.advance(run, event) : Promise.resolve(false);
  }

  private async advance(run: HotRun, event: RunEvent): Promise<boolean> {
    const { flow } = await compiledVersionBy(run.flowVersionId, async () => {
      const [row] = await this.tx.run(FLOW_VERSION, [run.flowVersionId]);
      if (!row) throw new Error(`flow version ${run.flowVersionId} not found`);
      return row;
    });
    const state = withLatestInbound(run.state as RunState, this.contact.last_inbound_at?.toISOString());
    const transition = await step(flow, state, event, this.now.toISOString());
    const effects = hotEffects(transition.effects);
    if (!effects) return false; // contact updates, handoffs, run-limit audits: the Prisma path
    const { sends, started, cancelled, queued, completed } = effects;
    const channelId = run.conversationId
      ? await conversationChannelBy(run.conversationId, async () => {
          const [row] = await this.tx.run(CONVERSATION_CHANNEL, [run.conversationId]);
          return row?.channel_id ?? null;
        })
      : null;
    if (sends.length && (!run.conversationId || !channelId)) return false; // the Prisma path says why
    await this.gate?.();
    const next = transition.state;
    const ids = sends.map(() => randomUUID());
    const payload = sends.length ? { channelId, messageIds: ids } : null;
    const trace = transition.trace;
    // The contact job's own send after COMMIT (send-inline.ts): its rate taken now, its claim
    // written by the statement. Null: the send job sends, as before.
    const claimAt =
      this.inline && channelId && run.conversationId
        ? await this.inline.reserve(
            channelId,
            this.contact.phone,
            sends.map((effect) => effect.message),
          )
        : null;
    const contact = this.contact;
    // The outbox payloads persist-transition.ts writes for the same effects (outbox-relay.ts toJob).
    // A timer needs none: its run_timers row is what the timer poller fires (timer-poller.ts).
    const entries = [
      ...queued.map((call) => ({
        kind: 'activity',
        payload: {
          contactId: contact.id,
          runId: run.id,
          requestId: call.id,
          nodeId: call.nodeId,
          request: call.request,
        },
      })),
    ];
    // run.completed's payload as outbound-events.ts runSummary builds it (the flow's key and version
    // are joined in SQL), with the contact as recordOutboundEvent adds it.
    const summary = completed
      ? { id: run.id, status: next.status, node: next.node ?? null, vars: next.vars }
      : null;
    const written = await this.statements.persist(this.tx, this.tenantId, this.now, {
      run: run.id,
      state: next,
      status: next.status,
      node: next.node ?? null,
      vars: next.vars ?? null,
      error: next.error ?? null,
      endedAt: ENDED.has(next.status) ? this.now : null,
      engine: this.engine,
      flow: run.flowId,
      version: run.flowVersionId,
      trace: trace.map((entry) => ({
        at: entry.at,
        type: `node.${entry.kind}`,
        node: entry.nodeId,
        port: entry.port ?? null,
        data: traceDataOf(entry),
      })),
      conversation: run.conversationId,
      contact: contact.id,
      channel: channelId,
      messages: sends.map((effect, index) => ({
        id: ids[index],
        type: effect.message.type,
        body: { ...effect.message, nodeId: effect.nodeId },
        key: effect.id,
        template: effect.message.type === 'template' ? effect.message.template.name : null,
      })),
      send: payload,
      armed: started.map((timer) => ({ id: timer.id, due: new Date(timer.dueAt).toISOString() })),
      cancelled,
      queued: entries,
      summary,
      shown: { id: contact.id, phone: contact.phone, name: contact.name },
      claimAt,
    });
    if (!written || written.runs !== 1) throw new Error(`run ${run.id} not found`);
    if (payload) {
      if (written.outbox_id === null) throw new Error(`run ${run.id}: its messages were not all stored`);
      this.outbox.push({
        id: written.outbox_id,
        kind: 'send',
        payload,
        ...(claimAt && written.claimed && channelId
          ? { inline: this.inlineClaim(claimAt, run, channelId, written, ids, sends) }
          : {}),
      });
    }
    if (written.armed !== started.length || written.queued.length !== entries.length)
      throw new Error(`run ${run.id}: its timers or activities were not all stored`);
    this.outbox.push(...written.queued);
    this.observed.steps.push(next.status);
    this.observed.templateFallbacks += templateFallbacks(flow, transition);
    return true;
  }

  /** What the inline send needs, from the step and its statement's read of the channel. */
  private inlineClaim(
    at: Date,
    run: HotRun,
    channelId: string,
    written: PersistedStep,
    ids: string[],
    sends: SendEffect[],
  ): InlineClaim {
    // The messages' channel exists (a foreign key): a claim without it is a bug, rolled back.
    if (!written.provider || written.phone_number_id === null || !run.conversationId)
      throw new Error(`run ${run.id}: the channel of its claimed messages was not read`);
    this.inline?.learn(channelId, written.provider);
    return {
      at,
      contactId: this.contact.id,
      conversationId: run.conversationId,
      runId: run.id,
      phone: this.contact.phone,
      messages: sends.map((effect, index) => ({
        id: ids[index],
        idempotencyKey: effect.id,
        body: effect.message,
      })),
      channel: {
        id: channelId,
        provider: written.provider,
        phoneNumberId: written.phone_number_id,
        wabaId: written.waba_id,
        encryptedCredentials: written.encrypted_credentials,
      },
      unreadInbound:
        written.unread_provider_id && written.unread_created_at
          ? { providerMessageId: written.unread_provider_id, createdAt: written.unread_created_at }
          : null,
    };
  }
}

type HotEffects = {
  sends: SendEffect[];
  started: Extract<Effect, { type: 'timer.start' }>[];
  cancelled: string[];
  queued: Extract<Effect, { type: 'activity.call' }>[];
  /** The run ended completed: its run.completed outbound event is written with the step. */
  completed: boolean;
};

/**
 * A transition's effects sorted for PERSIST_STEP, or null when one of them is the Prisma path's alone:
 * a contact update (read-modify-write of the contact, stage moves), a handoff (conversation status,
 * run.handoff event, notifications), a run stopped by a run limit (its audit row), or a timer both
 * armed and cancelled (one statement's CTEs do not see each other's rows; persistTransition's
 * statements run in order).
 */
export function hotEffects(effects: readonly Effect[]): HotEffects | null {
  const sorted: HotEffects = { sends: [], started: [], cancelled: [], queued: [], completed: false };
  for (const effect of effects) {
    switch (effect.type) {
      case 'send':
        sorted.sends.push(effect);
        break;
      case 'timer.start':
        sorted.started.push(effect);
        break;
      case 'timer.cancel':
        sorted.cancelled.push(effect.id);
        break;
      case 'activity.call':
        sorted.queued.push(effect);
        break;
      case 'run.end':
        if (effect.status === 'failed' && effect.error && RUN_LIMIT_CODES.includes(effect.error.code))
          return null;
        if (effect.status === 'completed') sorted.completed = true;
        break;
      default:
        return null;
    }
  }
  const armed = new Set(sorted.started.map((timer) => timer.id));
  if (sorted.cancelled.some((id) => armed.has(id))) return null;
  return sorted;
}
