import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * What operators ask of a running Leadline, as Prometheus metrics. One rule for every label here:
 * bounded values only (outcomes, kinds, providers, error codes). Tenant, contact, run, channel and
 * campaign ids never become labels: they would grow the series without limit and put who-talks-to-
 * whom in the monitoring system. Per-workspace figures belong to the API (usage, campaign reports).
 *
 * The names are listed, with their meaning, in docs/operations.md; the dashboard and the alert rules
 * in docker/monitoring/ use them.
 */
export interface EngineMetrics {
  /** A run advanced by one event; `outcome` is the run's status afterwards. */
  steps: Counter<'outcome'>;
  /** Time to apply one contact event (load, core step, persist, commit), by event kind. */
  stepSeconds: Histogram<'event'>;
  /** Contact events by kind and what became of them: applied, retried (failed, will retry), set_aside. */
  contactEvents: Counter<'event' | 'outcome'>;
  /** Messages handed to a provider: sent, failed (refused for good), retry (refused for now). */
  messagesSent: Counter<'provider' | 'status' | 'error_code'>;
  /** Time of one provider call (send), by provider. */
  sendSeconds: Histogram<'provider'>;
  /** Messages refused because the 24-hour window was closed (by the provider, after the send). */
  windowClosedRefusals: Counter<'provider'>;
  /** A template sent in place of a session message because the 24-hour window was closed. */
  templateFallbacks: Counter;
  /** How late a timer was applied: applied at minus due at. */
  timerLatenessSeconds: Histogram;
  /** AI steps by provider, task and outcome (`ok` or the error code). */
  aiCalls: Counter<'provider' | 'task' | 'outcome'>;
  /** Tokens billed by the AI providers, by provider and direction (input/output): their cost. */
  aiTokens: Counter<'provider' | 'direction'>;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LATENESS_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

export function createEngineMetrics(registry: Registry): EngineMetrics {
  const registers = [registry];
  return {
    steps: new Counter({
      name: 'leadline_steps_total',
      help: 'Flow run steps applied, by the run status afterwards (running, waiting, handoff, completed, failed, cancelled)',
      labelNames: ['outcome'],
      registers,
    }),
    stepSeconds: new Histogram({
      name: 'leadline_step_duration_seconds',
      help: 'Time to apply one contact event (transaction included), by event kind',
      labelNames: ['event'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    contactEvents: new Counter({
      name: 'leadline_contact_events_total',
      help: 'Contact events by kind and outcome (applied, retried, set_aside)',
      labelNames: ['event', 'outcome'],
      registers,
    }),
    messagesSent: new Counter({
      name: 'leadline_messages_sent_total',
      help: 'Outbound messages by provider, status (sent, failed, retry) and error code ("" when sent)',
      labelNames: ['provider', 'status', 'error_code'],
      registers,
    }),
    sendSeconds: new Histogram({
      name: 'leadline_send_duration_seconds',
      help: 'Duration of provider send calls, by provider',
      labelNames: ['provider'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    windowClosedRefusals: new Counter({
      name: 'leadline_window_closed_refusals_total',
      help: 'Messages the provider refused because the 24-hour customer service window was closed',
      labelNames: ['provider'],
      registers,
    }),
    templateFallbacks: new Counter({
      name: 'leadline_template_fallbacks_total',
      help: 'Templates sent instead of a session message because the 24-hour window was closed',
      registers,
    }),
    timerLatenessSeconds: new Histogram({
      name: 'leadline_timer_lateness_seconds',
      help: 'How long after its due time a flow timer was applied',
      buckets: LATENESS_BUCKETS,
      registers,
    }),
    aiCalls: new Counter({
      name: 'leadline_ai_calls_total',
      help: 'AI steps by provider, task and outcome (ok or the error code)',
      labelNames: ['provider', 'task', 'outcome'],
      registers,
    }),
    aiTokens: new Counter({
      name: 'leadline_ai_tokens_total',
      help: 'AI tokens billed, by provider and direction (input, output)',
      labelNames: ['provider', 'direction'],
      registers,
    }),
  };
}

/** The API's side: how fast webhooks are acknowledged (providers retry, then disable, slow endpoints). */
export type WebhookAckHistogram = Histogram<'provider' | 'outcome'>;

export function createWebhookAckHistogram(registry: Registry): WebhookAckHistogram {
  return new Histogram({
    name: 'leadline_webhook_ack_seconds',
    help: 'Time from receiving a provider webhook to acknowledging it, by provider and outcome (ok, rejected, error)',
    labelNames: ['provider', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}

/** Gauges read from PostgreSQL and Redis at each scrape (see the worker's metrics module). */
export interface StateGauges {
  queueJobs: Gauge<'queue' | 'state'>;
  queueOldestAge: Gauge<'queue'>;
  timersPending: Gauge;
  timersOverdue: Gauge;
  timerOldestOverdue: Gauge;
  handoffsWaiting: Gauge;
  handoffOldestWait: Gauge;
  campaigns: Gauge<'status'>;
  campaignRecipients: Gauge<'state'>;
  /** Scrapes whose read of PostgreSQL or Redis failed (the gauges then keep their last values). */
  readFailures: Counter;
}

/** What a scrape reads; each gauge is set from it. */
export interface StateSnapshot {
  /** Per queue kind (contacts, timers, activities, send: every channel's send queue summed). */
  queues: Array<{ queue: string; counts: Record<string, number>; oldestWaitingAgeSeconds: number }>;
  timers: { pending: number; overdue: number; oldestOverdueSeconds: number };
  handoffs: { waiting: number; oldestWaitSeconds: number };
  campaigns: Record<string, number>;
  /** Recipients of running or paused campaigns, by state. */
  campaignRecipients: Record<string, number>;
}

/**
 * The gauges read their values at scrape time: each one's collect() awaits `refresh`, which the caller
 * should make cheap to call several times per scrape (one read shared by every gauge; see
 * sharedRefresh). A failed read must not fail the scrape (the process metrics would go with it): the
 * caller counts it in `readFailures` and the gauges keep their last values.
 */
export function createStateGauges(registry: Registry, refresh?: () => Promise<void>): StateGauges {
  const registers = [registry];
  const collect = refresh
    ? async () => {
        await refresh();
      }
    : undefined;
  const common = { registers, ...(collect ? { collect } : {}) };
  return {
    queueJobs: new Gauge({
      name: 'leadline_queue_jobs',
      help: 'Jobs in the engine queues by queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
      ...common,
    }),
    queueOldestAge: new Gauge({
      name: 'leadline_queue_oldest_job_age_seconds',
      help: 'How long the oldest job ready to run has waited in each queue (0 when none waits)',
      labelNames: ['queue'],
      ...common,
    }),
    timersPending: new Gauge({
      name: 'leadline_timers_pending',
      help: 'Flow timers armed and not fired yet',
      ...common,
    }),
    timersOverdue: new Gauge({
      name: 'leadline_timers_overdue',
      help: 'Flow timers past their due time and not fired yet',
      ...common,
    }),
    timerOldestOverdue: new Gauge({
      name: 'leadline_timer_oldest_overdue_seconds',
      help: 'How far past its due time the most overdue pending timer is (0 when none is)',
      ...common,
    }),
    handoffsWaiting: new Gauge({
      name: 'leadline_handoffs_waiting',
      help: 'Conversations handed to a person that nobody has taken yet',
      ...common,
    }),
    handoffOldestWait: new Gauge({
      name: 'leadline_handoff_oldest_wait_seconds',
      help: 'How long the oldest untaken handoff has waited',
      ...common,
    }),
    campaigns: new Gauge({
      name: 'leadline_campaigns',
      help: 'Campaigns by status',
      labelNames: ['status'],
      ...common,
    }),
    campaignRecipients: new Gauge({
      name: 'leadline_campaign_recipients',
      help: 'Recipients of running and paused campaigns by state (pending, queued, skipped, cancelled)',
      labelNames: ['state'],
      ...common,
    }),
    readFailures: new Counter({
      name: 'leadline_state_read_failures_total',
      help: 'Scrapes whose read of the queue, timer, handoff and campaign gauges failed',
      registers,
    }),
  };
}

/** Sets every gauge from one snapshot (series that vanished from the snapshot are reset). */
export function applyStateSnapshot(gauges: StateGauges, snapshot: StateSnapshot): void {
  gauges.queueJobs.reset();
  gauges.queueOldestAge.reset();
  for (const { queue, counts, oldestWaitingAgeSeconds } of snapshot.queues) {
    for (const [state, count] of Object.entries(counts)) gauges.queueJobs.set({ queue, state }, count);
    gauges.queueOldestAge.set({ queue }, oldestWaitingAgeSeconds);
  }
  gauges.timersPending.set(snapshot.timers.pending);
  gauges.timersOverdue.set(snapshot.timers.overdue);
  gauges.timerOldestOverdue.set(snapshot.timers.oldestOverdueSeconds);
  gauges.handoffsWaiting.set(snapshot.handoffs.waiting);
  gauges.handoffOldestWait.set(snapshot.handoffs.oldestWaitSeconds);
  gauges.campaigns.reset();
  for (const [status, count] of Object.entries(snapshot.campaigns)) gauges.campaigns.set({ status }, count);
  gauges.campaignRecipients.reset();
  for (const [state, count] of Object.entries(snapshot.campaignRecipients))
    gauges.campaignRecipients.set({ state }, count);
}

/**
 * Wraps a read so that every gauge of one scrape shares it: calls while a read runs, or within
 * `maxAgeMs` of the last one, get that read.
 */
export function sharedRefresh(read: () => Promise<void>, maxAgeMs = 1_000): () => Promise<void> {
  let inFlight: Promise<void> | undefined;
  let doneAt = -Infinity;
  return () => {
    if (inFlight) return inFlight;
    if (Date.now() - doneAt < maxAgeMs) return Promise.resolve();
    inFlight = read()
      .then(() => {
        doneAt = Date.now();
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}
