import { randomUUID } from 'node:crypto';
import {
  pgPoolOf,
  withTenant,
  type Prisma,
  type PrismaClient,
  type TenantTransaction,
} from '@leadline/database';
import type { Pool } from 'pg';
import {
  operatorRunEvent,
  OPTED_OUT_REASON,
  routeInbound,
  runForInbound,
  sendFailedEvent,
  step,
  triggerOf,
  withLatestInbound,
  type Flow,
  type InboundMessage,
  type RunEvent,
  type RunState,
  type Transition,
} from '@leadline/flow-core';
import type { EngineMetrics } from '@leadline/ops';
import { templateFallbacks, type AppliedEvent } from './applied-event';
import { campaignReplyFlow, linkCampaignRun, takeCampaignReply } from './campaign-reply';
import { parseContactEvent, type ContactEventPayload } from './contact-event-payloads';
import type { Clock } from './engine-ports';
import { upsertConversation } from './conversations';
import { compiledVersion, conversationChannel, parsedFlow, rememberConversationChannel } from './flow-cache';
import type { OutboxRow } from './outbox-relay';
import { BUSY, ContactStepBatcher, FIRED_TIMER_BATCH } from './contact-step-batch';
import type { GroupCommitOptions } from './group-commit';
import { applyNextHot, FALLBACK, type HotApplied } from './hot-apply';
import type { InlineReserver } from './send-inline';
import { persistTransition, type RunContext } from './persist-transition';
import { withTenantScopedFirst } from './scoped-transaction';
import { isTransientPgError } from './sql/hot-sql';
import type { ContactRef } from './wake';

interface PublishedFlow {
  flowId: string;
  versionId: string;
  flow: Flow;
}

/** Events one job applies before it yields, so one busy contact cannot hold a worker for long. */
const MAX_EVENTS_PER_JOB = 50;

/** An event that fails this often (for a reason other than an outage) is set aside, not retried forever. */
export const MAX_EVENT_ATTEMPTS = 5;

/** Prisma errors that say the database was briefly unavailable or busy: retrying is right, no strike. */
const TRANSIENT_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);

/** Prisma's codes for it, or PostgreSQL's and the socket's on the plain-SQL path (sql/hot-sql.ts). */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (typeof code === 'string' && TRANSIENT_CODES.has(code)) || isTransientPgError(error);
}

interface ContactRow {
  id: string;
  phone: string;
  name: string | null;
  fields: unknown;
  tags: string[];
  last_inbound_at: Date | null;
  opt_in_state: string;
}

interface EventRow {
  id: bigint;
  kind: string;
  /** Parsed by its kind's schema before use (contact-event-payloads.ts). */
  payload: unknown;
  occurred_at: Date;
}

type RunRow = Awaited<ReturnType<TenantTransaction['flowRun']['findFirstOrThrow']>>;

/**
 * Applies a contact's pending events, one transaction each, in order. The contact row is locked for
 * the transaction, so several workers never interleave one contact's events; a crash rolls the
 * transaction back and the event is applied again by the next job.
 */
export class ContactProcessor {
  /** The hot path's connections (sql/hot-sql.ts): the Prisma client's own pool, when it has one. */
  private readonly pool: Pool | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    /** After each applied event: publish its outbox rows, tell open inboxes about the contact. */
    private readonly afterCommit: (tenantId: string, contactId: string, outbox: OutboxRow[]) => Promise<void>,
    private readonly onSetAside: (error: unknown, eventId: bigint) => void = () => undefined,
    /** Which engine applies the events: recorded on the runs it starts or carries on (engine switch). */
    private readonly engine: 'embedded' | 'temporal' = 'embedded',
    private readonly metrics?: EngineMetrics,
    /** Lets hot-path steps claim their messages for the caller's send after commit (send-inline.ts). */
    private readonly inline?: InlineReserver,
    /** Group commit of the hot path's steps across contacts (contact-step-batch.ts); off when unset. */
    batch?: GroupCommitOptions,
  ) {
    this.pool = pgPoolOf(prisma);
    if (this.pool && batch) {
      this.batcher = new ContactStepBatcher(this.pool, () => this.clock.now(), engine, inline, batch);
      this.firedBatcher = new ContactStepBatcher(
        this.pool,
        () => this.clock.now(),
        engine,
        inline,
        FIRED_TIMER_BATCH,
      );
    }
  }

  /**
   * The fired timers' own group commit (applyFired): apart from the contact jobs', so a burst's
   * batches neither wait behind the jobs' one batch at a time nor make them wait.
   */
  readonly firedBatcher?: ContactStepBatcher;

  /** The steps of the contact jobs running at once, one transaction per batch (when enabled). */
  readonly batcher?: ContactStepBatcher;

  /**
   * Applies up to MAX_EVENTS_PER_JOB of the contact's pending events. `prisma` skips the plain-SQL
   * attempt, for a caller that knows its events will leave the hot path (none does today: since
   * issue 21's fourth round the hot path also writes timers and run ends, so a fired timer takes it).
   */
  async process(tenantId: string, contactId: string, path: 'hot' | 'prisma' = 'hot'): Promise<number> {
    return (await this.drain(tenantId, contactId, { path, busy: 'wait' })).applied;
  }

  /**
   * The contacts of a batch of fired timers (timer-poller.ts), applied here without a job each
   * (issue 21, seventh round): all at once, so the group commit of steps (contact-step-batch.ts)
   * takes them maxRows a transaction. Their events are already committed in their inboxes, which is
   * the durable hand-off: whatever this does not apply stays pending. Returns the contacts to wake
   * (a contact job applies them as any other): those whose lock another transaction holds (BUSY: a
   * job of theirs is running, which applies their events in order), those whose step leaves the hot
   * path (FALLBACK), those with more pending events than one drain applies, and those whose step
   * failed. After review: this opens no Prisma transaction and never waits for a lock, so the
   * poller's apply takes at most the fired batcher's connections (FIRED_TIMER_BATCH.maxInFlight) of
   * the pool the contact jobs share; a FALLBACK step (the Prisma path, which waits for the lock) and a
   * failed one are their jobs' (the job strikes a poison event with its own backoff: striking here
   * too spent the event's attempts twice as fast, the woken job striking again at once). One
   * contact's failure is its own only: the batch's statements re-run each step alone
   * (contact-step-batch.ts), and each drain is awaited on its own here. `settled` is called as each
   * contact's drain ends (the poller's cap on contacts claimed but not applied).
   */
  async applyFired(
    contacts: readonly ContactRef[],
    settled: () => void = () => undefined,
  ): Promise<ContactRef[]> {
    const left = await Promise.all(
      contacts.map(async (contact) => {
        try {
          const { applied, left } = await this.drain(contact.tenantId, contact.contactId, {
            path: 'hot',
            busy: 'leave',
          });
          return left || applied >= MAX_EVENTS_PER_JOB ? contact : undefined;
        } catch {
          // Neither struck nor counted here (see above): its job takes it from here.
          return contact;
        } finally {
          settled();
        }
      }),
    );
    return left.filter((contact): contact is ContactRef => contact !== undefined);
  }

  /**
   * Applies the contact's pending events, one step each, up to MAX_EVENTS_PER_JOB. `busy`: 'wait'
   * (a contact job) applies on its own a contact the group commit found locked (waiting for the
   * lock: its holder finishes soon), takes the Prisma path for a step that leaves the hot path, and
   * strikes a failed event; 'leave' (the poller's applyFired) stops at any of those, saying so
   * (`left`), and throws a failure unstruck.
   */
  private async drain(
    tenantId: string,
    contactId: string,
    { path, busy }: { path: 'hot' | 'prisma'; busy: 'wait' | 'leave' },
  ): Promise<{ applied: number; left: boolean }> {
    // Counted while it runs: a batch of steps waits for a drain that may still submit, not for none.
    const ended = (busy === 'leave' ? this.firedBatcher : this.batcher)?.enter();
    try {
      return await this.drainCounted(tenantId, contactId, { path, busy });
    } finally {
      ended?.();
    }
  }

  private async drainCounted(
    tenantId: string,
    contactId: string,
    { path, busy }: { path: 'hot' | 'prisma'; busy: 'wait' | 'leave' },
  ): Promise<{ applied: number; left: boolean }> {
    let applied = 0;
    let more = true;
    while (more && applied < MAX_EVENTS_PER_JOB) {
      let head: { id: bigint; kind: string } | undefined;
      const outbox: OutboxRow[] = [];
      const startedAt = performance.now();
      const noteHead = (id: bigint, kind: string) => {
        head = { id, kind };
      };
      try {
        // The common case on plain SQL; what it leaves (FALLBACK, rolled back) goes the Prisma way.
        let result =
          this.pool && path === 'hot'
            ? await this.applyHot(this.pool, tenantId, contactId, outbox, noteHead, busy)
            : FALLBACK;
        if (result === BUSY || (result === FALLBACK && busy === 'leave')) return { applied, left: true };
        if (result === FALLBACK) {
          head = undefined;
          outbox.length = 0;
          result = await withTenantScopedFirst(
            this.prisma,
            tenantId,
            (tx, scope) => this.applyNext(tx, scope, tenantId, contactId, outbox, noteHead),
            { timeout: 30_000, maxWait: 10_000 },
          );
        }
        if (!result) break;
        this.count(result.applied, (performance.now() - startedAt) / 1_000);
        // The event read with this one says whether another waits: no empty transaction to find out.
        // An event appended after that read comes with its own wake-up job.
        more = result.more;
      } catch (error) {
        if (head === undefined || busy === 'leave') throw error;
        const event = eventLabel(head.kind);
        if (isTransient(error)) {
          this.metrics?.contactEvents.inc({ event, outcome: 'retried' });
          throw error;
        }
        const setAside = await this.strike(tenantId, head.id, error);
        this.metrics?.contactEvents.inc({ event, outcome: setAside ? 'set_aside' : 'retried' });
        if (!setAside) throw error; // the job retries with backoff
        this.onSetAside(error, head.id);
        outbox.length = 0; // rolled back
      }
      applied += 1;
      await this.afterCommit(tenantId, contactId, outbox);
    }
    return { applied, left: false };
  }

  /** The hot path: in the next batch of steps when batching; on its own otherwise, or when the batch found the contact locked. */
  private async applyHot(
    pool: Pool,
    tenantId: string,
    contactId: string,
    outbox: OutboxRow[],
    noteHead: (id: bigint, kind: string) => void,
    busy: 'wait' | 'leave' = 'wait',
  ): Promise<HotApplied | null | typeof FALLBACK | typeof BUSY> {
    const batcher = busy === 'leave' ? this.firedBatcher : this.batcher;
    if (batcher) {
      const batched = await batcher.step(tenantId, contactId, outbox, noteHead);
      if (batched !== BUSY || busy === 'leave') return batched;
    }
    return applyNextHot(pool, {
      tenantId,
      contactId,
      now: () => this.clock.now(),
      engine: this.engine,
      outbox,
      noteHead,
      inline: this.inline,
    });
  }

  /** Counted after commit: a rolled-back transaction changed nothing and is counted as retried. */
  private count(applied: AppliedEvent, seconds: number): void {
    const metrics = this.metrics;
    if (!metrics) return;
    const event = eventLabel(applied.kind);
    metrics.contactEvents.inc({ event, outcome: 'applied' });
    metrics.stepSeconds.observe({ event }, seconds);
    for (const outcome of applied.steps) metrics.steps.inc({ outcome });
    if (applied.templateFallbacks) metrics.templateFallbacks.inc(applied.templateFallbacks);
    if (applied.timerLatenessMs !== undefined)
      metrics.timerLatenessSeconds.observe(Math.max(0, applied.timerLatenessMs) / 1_000);
  }

  /** Counts a failed attempt; the last allowed one sets the event aside with its error. */
  private async strike(tenantId: string, eventId: bigint, error: unknown): Promise<boolean> {
    const message = String((error as Error)?.message ?? error).slice(0, 1000);
    const now = this.clock.now();
    const [row] = await withTenant(
      this.prisma,
      tenantId,
      (tx) =>
        tx.$queryRaw<Array<{ failed_at: Date | null }>>`
        UPDATE contact_events
        SET attempts = attempts + 1,
            last_error = ${message},
            failed_at = CASE WHEN attempts + 1 >= ${MAX_EVENT_ATTEMPTS} THEN ${now}::timestamptz ELSE NULL END,
            processed_at = CASE WHEN attempts + 1 >= ${MAX_EVENT_ATTEMPTS} THEN ${now}::timestamptz ELSE NULL END
        WHERE id = ${eventId}
        RETURNING failed_at`,
    );
    return Boolean(row?.failed_at);
  }

  /** True when more events may be pending (MAX_EVENTS_PER_JOB reached): the caller wakes it again. */
  static readonly batchLimit = MAX_EVENTS_PER_JOB;

  private async applyNext(
    tx: TenantTransaction,
    scope: Prisma.Sql,
    tenantId: string,
    contactId: string,
    outbox: OutboxRow[],
    noteHead: (id: bigint, kind: string) => void,
  ): Promise<{ applied: AppliedEvent; more: boolean } | null> {
    // The lock first, the events in a statement of their own: that statement's snapshot is taken
    // once the lock is held, so it sees what a worker that held the lock before us committed. The
    // lock also sets the tenant scope (scoped-transaction.ts), hence its explicit tenant condition.
    const [contact] = await tx.$queryRaw<Array<ContactRow | { id: null }>>`
      SELECT scope.scope_tenant, c.* FROM ${scope}
      LEFT JOIN LATERAL (
        SELECT id, phone, name, fields, tags, last_inbound_at, opt_in_state FROM contacts
        WHERE id = ${contactId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE
      ) c ON true`;
    if (!contact?.id) return null;
    const now = this.clock.now();
    // The head event is marked processed by the statement that reads it: the mark commits with the
    // step or rolls back with it (a failure is then counted by strike(), in a transaction of its own).
    const [event] = await tx.$queryRaw<Array<EventRow & { more: boolean }>>`
      WITH pending AS (
        SELECT id FROM contact_events
        WHERE contact_id = ${contactId}::uuid AND processed_at IS NULL ORDER BY id LIMIT 2
      ), head AS (
        UPDATE contact_events SET processed_at = ${now}
        WHERE id = (SELECT min(id) FROM pending)
        RETURNING id, kind, payload, occurred_at
      )
      SELECT id, kind, payload, occurred_at, (SELECT count(*) FROM pending) > 1 AS more FROM head`;
    if (!event) return null;
    noteHead(event.id, event.kind);
    const applier = new EventApplier(tx, tenantId, contact as ContactRow, now, outbox, this.engine);
    await applier.apply(event);
    return { applied: { kind: event.kind, ...applier.observed }, more: event.more };
  }
}

const EVENT_KINDS = new Set(['inbound', 'status', 'timer', 'activity.result', 'lead', 'control']);

/** Event kinds come from our own rows; anything else is one label, so the series stay bounded. */
function eventLabel(kind: string): string {
  return EVENT_KINDS.has(kind) ? kind : 'other';
}

class EventApplier {
  readonly observed: Omit<AppliedEvent, 'kind'> = { steps: [], templateFallbacks: 0 };

  constructor(
    private readonly tx: TenantTransaction,
    private readonly tenantId: string,
    private readonly contact: ContactRow,
    private readonly now: Date,
    /** Outbox rows this event wrote, for the caller to publish after commit. */
    private readonly outbox: OutboxRow[],
    private readonly engine: 'embedded' | 'temporal',
  ) {}

  async apply(event: EventRow): Promise<void> {
    const body = parseContactEvent(event.kind, event.payload);
    switch (body.kind) {
      case 'inbound':
        return this.inbound(body.payload.message, body.payload.channelId);
      case 'status':
        return this.toRun(body.payload.runId, sendFailedEvent(body.payload));
      case 'timer':
        return this.timer(body.payload.runId, body.payload.timerId);
      case 'activity.result': {
        const result = body.payload;
        return this.toRun(
          result.runId,
          result.ok
            ? { type: 'activity.result', requestId: result.requestId, ok: true, output: result.output }
            : { type: 'activity.result', requestId: result.requestId, ok: false, error: result.error },
        );
      }
      case 'lead':
        return this.lead(body.payload);
      case 'control':
        return this.control(body.payload);
    }
  }

  private activeRuns() {
    return this.tx.flowRun.findMany({
      where: { contactId: this.contact.id, status: { in: ['running', 'waiting', 'handoff'] } },
      orderBy: { updatedAt: 'desc' },
    });
  }

  /** Routing is flow-core's routeInbound (the Temporal engine uses the same); this reads and writes. */
  private async inbound(message: InboundMessage, channelId: string): Promise<void> {
    // Marked replied whatever happens next, in this transaction (campaign-reply.ts).
    const campaignReply = await takeCampaignReply(this.tx, this.contact.id, this.now);
    const runs = (await this.activeRuns()).map((run) => ({
      row: run,
      flowId: run.flowId,
      state: run.state as unknown as RunState,
    }));
    const waiting = runForInbound(runs);
    const optedOut = this.contact.opt_in_state === 'opted_out';
    // Published flows are only read when the message may start one.
    const needsFlows = !waiting && !optedOut;
    // A reply to a campaign goes to the flow the campaign chose (for a quick-reply button it routes,
    // that button's flow), whatever that flow's trigger says.
    const campaignKey = needsFlows && campaignReply ? campaignReplyFlow(campaignReply, message) : null;
    const campaignFlow = campaignKey ? await this.publishedFlow(campaignKey) : undefined;
    const flows = needsFlows ? await this.publishedFlows() : [];
    const route = routeInbound({ message, runs, optedOut, flows, campaignFlow });
    switch (route.kind) {
      case 'deliver':
        return this.advance(route.run.row, { type: 'inbound', message });
      case 'start': {
        const { candidate } = route;
        const runId = await this.start(
          candidate.flowId,
          candidate.versionId,
          candidate.flow,
          route.trigger,
          channelId,
          message,
        );
        if (route.campaign && campaignReply) await linkCampaignRun(this.tx, campaignReply.recipientId, runId);
        return;
      }
      case 'held':
      case 'none':
        return;
    }
  }

  private async publishedFlows(): Promise<PublishedFlow[]> {
    const flows = await this.tx.flow.findMany({
      where: { archivedAt: null, activeVersionId: { not: null } },
      include: { activeVersion: true },
      orderBy: { key: 'asc' },
    });
    return flows.flatMap((flow) =>
      flow.activeVersion
        ? [
            {
              flowId: flow.id,
              versionId: flow.activeVersion.id,
              flow: parsedFlow(flow.activeVersion.id, flow.activeVersion.definition),
            },
          ]
        : [],
    );
  }

  private async publishedFlow(key: string): Promise<PublishedFlow | undefined> {
    const flow = await this.tx.flow.findFirst({
      where: { key, archivedAt: null },
      include: { activeVersion: true },
    });
    if (!flow?.activeVersion) return undefined;
    return {
      flowId: flow.id,
      versionId: flow.activeVersion.id,
      flow: parsedFlow(flow.activeVersion.id, flow.activeVersion.definition),
    };
  }

  private async lead(payload: ContactEventPayload<'lead'>): Promise<void> {
    const flow = await this.tx.flow.findFirst({
      where: { key: payload.flowKey, archivedAt: null },
      include: { activeVersion: true },
    });
    if (!flow?.activeVersion) return;
    const parsed = parsedFlow(flow.activeVersion.id, flow.activeVersion.definition);
    if (triggerOf(parsed)?.data.on !== 'api') return;
    const active = await this.tx.flowRun.findFirst({
      where: {
        contactId: this.contact.id,
        flowId: flow.id,
        status: { in: ['running', 'waiting', 'handoff'] },
      },
    });
    if (active) return; // the lead's fields were merged into the contact when it was accepted
    await this.start(flow.id, flow.activeVersion.id, parsed, 'api', payload.channelId, undefined);
  }

  private async control(payload: ContactEventPayload<'control'>): Promise<void> {
    switch (payload.action) {
      case 'opt_out':
        for (const run of await this.activeRuns())
          await this.advance(run, { type: 'cancel', reason: OPTED_OUT_REASON });
        return;
      case 'opt_in':
        return;
      case 'cancel':
      case 'resume':
        return this.toRun(payload.runId, operatorRunEvent(payload));
    }
  }

  private async timer(runId: string, timerId: string): Promise<void> {
    // Read and marked fired in one statement; a stale (cancelled) or already fired timer matches none.
    const [timer] = await this.tx.$queryRaw<Array<{ due_at: Date }>>`
      UPDATE run_timers SET fired_at = ${this.now}
      WHERE run_id = ${runId}::uuid AND timer_id = ${timerId} AND fired_at IS NULL AND cancelled_at IS NULL
      RETURNING due_at`;
    if (!timer) return;
    this.observed.timerLatenessMs = this.now.getTime() - timer.due_at.getTime();
    return this.toRun(runId, { type: 'timer', timerId });
  }

  private async toRun(runId: string, event: RunEvent): Promise<void> {
    const run = await this.tx.flowRun.findUnique({ where: { id: runId } });
    if (!run) return;
    await this.advance(run, event);
  }

  private async start(
    flowId: string,
    flowVersionId: string,
    flow: Flow,
    trigger: 'message' | 'keyword' | 'api' | 'referral',
    channelId: string,
    message: InboundMessage | undefined,
  ): Promise<string> {
    const runId = randomUUID();
    const conversation = await upsertConversation(
      this.tx,
      this.tenantId,
      this.contact.id,
      channelId,
      this.now,
    );
    rememberConversationChannel(conversation, channelId);
    const version = await compiledVersion(this.tx, flowVersionId);
    await this.tx.flowRun.create({
      data: {
        id: runId,
        tenantId: this.tenantId,
        flowId,
        flowVersionId,
        contactId: this.contact.id,
        conversationId: conversation,
        status: 'running',
        engine: this.engine,
      },
    });
    const transition = await step(
      flow,
      null,
      {
        type: 'start',
        runId,
        trigger,
        flowVersion: version.version,
        contact: {
          phone: this.contact.phone,
          ...(this.contact.name ? { name: this.contact.name } : {}),
          fields: (this.contact.fields as Record<string, unknown>) ?? {},
          tags: this.contact.tags,
          ...(this.contact.last_inbound_at
            ? { lastInboundAt: this.contact.last_inbound_at.toISOString() }
            : {}),
        },
        ...(message ? { message } : {}),
      },
      this.now.toISOString(),
    );
    this.outbox.push(
      ...(await persistTransition(
        this.tx,
        this.context(runId, flowId, flowVersionId, conversation, channelId),
        transition,
        this.now,
      )),
    );
    this.observe(flow, transition);
    return runId;
  }

  private async advance(run: RunRow, event: RunEvent): Promise<void> {
    // A run the other engine started is carried on by this one from here (LEADLINE_ENGINE switched).
    if (run.engine !== this.engine)
      await this.tx.flowRun.update({ where: { id: run.id }, data: { engine: this.engine } });
    const { flow } = await compiledVersion(this.tx, run.flowVersionId);
    const state = withLatestInbound(
      run.state as unknown as RunState,
      this.contact.last_inbound_at?.toISOString(),
    );
    const transition = await step(flow, state, event, this.now.toISOString());
    const channelId = run.conversationId ? await conversationChannel(this.tx, run.conversationId) : null;
    this.outbox.push(
      ...(await persistTransition(
        this.tx,
        this.context(run.id, run.flowId, run.flowVersionId, run.conversationId, channelId),
        transition,
        this.now,
      )),
    );
    this.observe(flow, transition);
  }

  private observe(flow: Flow, transition: Transition): void {
    this.observed.steps.push(transition.state.status);
    this.observed.templateFallbacks += templateFallbacks(flow, transition);
  }

  private context(
    runId: string,
    flowId: string,
    flowVersionId: string,
    conversationId: string | null,
    channelId: string | null,
  ): RunContext {
    return {
      tenantId: this.tenantId,
      runId,
      flowId,
      flowVersionId,
      contactId: this.contact.id,
      conversationId,
      channelId,
    };
  }
}
