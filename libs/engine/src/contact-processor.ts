import { randomUUID } from 'node:crypto';
import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import {
  matchTrigger,
  operatorRunEvent,
  OPTED_OUT_REASON,
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
import { campaignReplyFlow, linkCampaignRun, takeCampaignReply } from './campaign-reply';
import type { Clock } from './engine-ports';
import { upsertConversation } from './conversations';
import { parsedFlow } from './flow-cache';
import { persistTransition, type RunContext } from './persist-transition';

/** Events one job applies before it yields, so one busy contact cannot hold a worker for long. */
const MAX_EVENTS_PER_JOB = 50;

/** An event that fails this often (for a reason other than an outage) is set aside, not retried forever. */
export const MAX_EVENT_ATTEMPTS = 5;

/** Prisma errors that say the database was briefly unavailable or busy: retrying is right, no strike. */
const TRANSIENT_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
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
  payload: Record<string, unknown>;
  occurred_at: Date;
}

type RunRow = Awaited<ReturnType<TenantTransaction['flowRun']['findFirstOrThrow']>>;

/**
 * Applies a contact's pending events, one transaction each, in order. The contact row is locked for
 * the transaction, so several workers never interleave one contact's events; a crash rolls the
 * transaction back and the event is applied again by the next job.
 */
export class ContactProcessor {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    /** After each applied event: publish the outbox, tell open inboxes about the contact. */
    private readonly afterCommit: (tenantId: string, contactId: string) => Promise<void>,
    private readonly onSetAside: (error: unknown, eventId: bigint) => void = () => undefined,
    /** Which engine applies the events: recorded on the runs it starts or carries on (engine switch). */
    private readonly engine: 'embedded' | 'temporal' = 'embedded',
    private readonly metrics?: EngineMetrics,
  ) {}

  async process(tenantId: string, contactId: string): Promise<number> {
    let applied = 0;
    while (applied < MAX_EVENTS_PER_JOB) {
      let head: { id: bigint; kind: string } | undefined;
      const startedAt = performance.now();
      try {
        const done = await withTenant(
          this.prisma,
          tenantId,
          (tx) =>
            this.applyNext(tx, tenantId, contactId, (id, kind) => {
              head = { id, kind };
            }),
          { timeout: 30_000, maxWait: 10_000 },
        );
        if (!done) break;
        this.count(done, (performance.now() - startedAt) / 1_000);
      } catch (error) {
        if (head === undefined) throw error;
        const event = eventLabel(head.kind);
        if (isTransient(error)) {
          this.metrics?.contactEvents.inc({ event, outcome: 'retried' });
          throw error;
        }
        const setAside = await this.strike(tenantId, head.id, error);
        this.metrics?.contactEvents.inc({ event, outcome: setAside ? 'set_aside' : 'retried' });
        if (!setAside) throw error; // the job retries with backoff
        this.onSetAside(error, head.id);
      }
      applied += 1;
      await this.afterCommit(tenantId, contactId);
    }
    return applied;
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
    tenantId: string,
    contactId: string,
    noteHead: (id: bigint, kind: string) => void,
  ): Promise<AppliedEvent | false> {
    const [contact] = await tx.$queryRaw<ContactRow[]>`
      SELECT id, phone, name, fields, tags, last_inbound_at, opt_in_state FROM contacts WHERE id = ${contactId}::uuid FOR UPDATE`;
    if (!contact) return false;
    const [event] = await tx.$queryRaw<EventRow[]>`
      SELECT id, kind, payload, occurred_at FROM contact_events
      WHERE contact_id = ${contactId}::uuid AND processed_at IS NULL ORDER BY id LIMIT 1`;
    if (!event) return false;
    noteHead(event.id, event.kind);
    const now = this.clock.now();
    const applier = new EventApplier(tx, tenantId, contact, now, this.engine);
    await applier.apply(event);
    await tx.$executeRaw`UPDATE contact_events SET processed_at = ${now} WHERE id = ${event.id}`;
    return { kind: event.kind, ...applier.observed };
  }
}

/** What applying one event did, for the metrics (counted once the transaction committed). */
interface AppliedEvent {
  kind: string;
  /** The status of each run a step moved, afterwards. */
  steps: string[];
  templateFallbacks: number;
  /** A timer event: how late it was applied. */
  timerLatenessMs?: number;
}

const EVENT_KINDS = new Set(['inbound', 'status', 'timer', 'activity.result', 'lead', 'control']);

/** Event kinds come from our own rows; anything else is one label, so the series stay bounded. */
function eventLabel(kind: string): string {
  return EVENT_KINDS.has(kind) ? kind : 'other';
}

/**
 * Templates a step sent from a node that sends session messages: the 24-hour window was closed and
 * the node's fallback or the flow's re-engagement template went instead (template nodes are not).
 */
function templateFallbacks(flow: Flow, transition: Transition): number {
  let count = 0;
  for (const effect of transition.effects) {
    if (effect.type !== 'send' || effect.message.type !== 'template') continue;
    const node = flow.nodes.find((candidate) => candidate.id === effect.nodeId);
    if (node && node.type !== 'template') count += 1;
  }
  return count;
}

class EventApplier {
  readonly observed: Omit<AppliedEvent, 'kind'> = { steps: [], templateFallbacks: 0 };

  constructor(
    private readonly tx: TenantTransaction,
    private readonly tenantId: string,
    private readonly contact: ContactRow,
    private readonly now: Date,
    private readonly engine: 'embedded' | 'temporal',
  ) {}

  async apply(event: EventRow): Promise<void> {
    const payload = event.payload;
    switch (event.kind) {
      case 'inbound':
        return this.inbound(payload.message as InboundMessage, String(payload.channelId));
      case 'status':
        return this.toRun(String(payload.runId), sendFailedEvent(payload));
      case 'timer':
        return this.timer(String(payload.runId), String(payload.timerId));
      case 'activity.result':
        return this.toRun(
          String(payload.runId),
          payload.ok
            ? {
                type: 'activity.result',
                requestId: String(payload.requestId),
                ok: true,
                output: payload.output,
              }
            : {
                type: 'activity.result',
                requestId: String(payload.requestId),
                ok: false,
                error: payload.error as { code: string; message: string; attempts?: number },
              },
        );
      case 'lead':
        return this.lead(payload);
      case 'control':
        return this.control(payload);
      default:
        throw new Error(`unknown contact event kind "${event.kind}"`);
    }
  }

  private activeRuns() {
    return this.tx.flowRun.findMany({
      where: { contactId: this.contact.id, status: { in: ['running', 'waiting', 'handoff'] } },
      orderBy: { updatedAt: 'desc' },
    });
  }

  /**
   * Routing: a run that waits for the contact (a question, a wait that a reply interrupts, a handoff)
   * gets the message; otherwise the published flows' triggers compete and the strongest wins.
   */
  private async inbound(message: InboundMessage, channelId: string): Promise<void> {
    const campaignReply = await takeCampaignReply(this.tx, this.contact.id, this.now);
    const runs = await this.activeRuns();
    const waiting = runs.find(
      (run) => run.status === 'handoff' || waitsForContact(run.state as unknown as RunState),
    );
    if (waiting) {
      if (waiting.status === 'handoff') return; // a person has the conversation
      return this.advance(waiting, { type: 'inbound', message });
    }
    if (this.contact.opt_in_state === 'opted_out') return;
    // A reply to a campaign goes to the flow the campaign chose (for a quick-reply button it routes,
    // that button's flow), whatever that flow's trigger says.
    const campaignFlow = campaignReply ? campaignReplyFlow(campaignReply, message) : null;
    if (
      campaignReply &&
      campaignFlow &&
      (await this.startCampaignFlow(campaignReply, campaignFlow, runs, channelId, message))
    )
      return;
    const flows = await this.tx.flow.findMany({
      where: { archivedAt: null, activeVersionId: { not: null } },
      include: { activeVersion: true },
      orderBy: { key: 'asc' },
    });
    let best: { flow: (typeof flows)[number]; parsed: Flow; priority: number } | undefined;
    for (const flow of flows) {
      if (!flow.activeVersion) continue;
      const parsed = parsedFlow(flow.activeVersion.id, flow.activeVersion.definition);
      const priority = matchTrigger(parsed, message);
      if (priority > (best?.priority ?? 0)) best = { flow, parsed, priority };
    }
    if (!best?.flow.activeVersion) return;
    // One active run per contact and flow: a run of this flow that is busy (waiting on a timer)
    // keeps going, and the message does not start a second one.
    if (runs.some((run) => run.flowId === best.flow.id)) return;
    const trigger = triggerOf(best.parsed)?.data.on ?? 'message';
    await this.start(best.flow.id, best.flow.activeVersion.id, best.parsed, trigger, channelId, message);
  }

  private async startCampaignFlow(
    reply: NonNullable<Awaited<ReturnType<typeof takeCampaignReply>>>,
    flowKey: string,
    runs: RunRow[],
    channelId: string,
    message: InboundMessage,
  ): Promise<boolean> {
    const flow = await this.tx.flow.findFirst({
      where: { key: flowKey, archivedAt: null },
      include: { activeVersion: true },
    });
    if (!flow?.activeVersion || runs.some((run) => run.flowId === flow.id)) return false;
    const parsed = parsedFlow(flow.activeVersion.id, flow.activeVersion.definition);
    const runId = await this.start(flow.id, flow.activeVersion.id, parsed, 'message', channelId, message);
    await linkCampaignRun(this.tx, reply.recipientId, runId);
    return true;
  }

  private async lead(payload: Record<string, unknown>): Promise<void> {
    const flow = await this.tx.flow.findFirst({
      where: { key: String(payload.flowKey), archivedAt: null },
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
    await this.start(flow.id, flow.activeVersion.id, parsed, 'api', String(payload.channelId), undefined);
  }

  private async control(payload: Record<string, unknown>): Promise<void> {
    switch (payload.action) {
      case 'opt_out':
        for (const run of await this.activeRuns())
          await this.advance(run, { type: 'cancel', reason: OPTED_OUT_REASON });
        return;
      case 'opt_in':
        return;
      case 'cancel':
      case 'resume':
        return this.toRun(String(payload.runId), operatorRunEvent(payload));
      default:
        throw new Error(`unknown control action "${String(payload.action)}"`);
    }
  }

  private async timer(runId: string, timerId: string): Promise<void> {
    const timer = await this.tx.runTimer.findUnique({ where: { runId_timerId: { runId, timerId } } });
    if (!timer || timer.firedAt || timer.cancelledAt) return; // stale or already fired
    await this.tx.runTimer.update({ where: { id: timer.id }, data: { firedAt: this.now } });
    this.observed.timerLatenessMs = this.now.getTime() - timer.dueAt.getTime();
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
    const version = await this.tx.flowVersion.findUniqueOrThrow({
      where: { id: flowVersionId },
      select: { version: true },
    });
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
    await persistTransition(
      this.tx,
      this.context(runId, flowId, flowVersionId, conversation, channelId),
      transition,
      this.now,
    );
    this.observe(flow, transition);
    return runId;
  }

  private async advance(run: RunRow, event: RunEvent): Promise<void> {
    // A run the other engine started is carried on by this one from here (LEADLINE_ENGINE switched).
    if (run.engine !== this.engine)
      await this.tx.flowRun.update({ where: { id: run.id }, data: { engine: this.engine } });
    const version = await this.tx.flowVersion.findUniqueOrThrow({ where: { id: run.flowVersionId } });
    const flow = parsedFlow(version.id, version.definition);
    const state = withLatestInbound(
      run.state as unknown as RunState,
      this.contact.last_inbound_at?.toISOString(),
    );
    const transition = await step(flow, state, event, this.now.toISOString());
    const conversation = run.conversationId
      ? await this.tx.conversation.findUnique({
          where: { id: run.conversationId },
          select: { channelId: true },
        })
      : null;
    await persistTransition(
      this.tx,
      this.context(
        run.id,
        run.flowId,
        run.flowVersionId,
        run.conversationId,
        conversation?.channelId ?? null,
      ),
      transition,
      this.now,
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

function waitsForContact(state: RunState): boolean {
  const wait = state.wait;
  return wait?.kind === 'question' || (wait?.kind === 'wait' && wait.interruptOnReply);
}
