import { Agent } from 'node:http';
import { BoundedLog } from './bounded-log';
import { seededRandom, shuffleInPlace } from './seeded-random';
import { TimerSet } from './timer-set';
import { sendToLoopback, type OutgoingRequest } from './webhook-transport';

/** In which order events queued together are delivered. */
export type DeliveryOrder = 'fifo' | 'reverse' | 'shuffle';

export interface DeliveryOptions {
  /** Most events per POST (Meta batches statuses; 1 means one event per POST). */
  batchSize: number;
  order: DeliveryOrder;
  /** Probability (0..1) that a POST is delivered a second time, identical bytes included. */
  duplicateRate: number;
  /** Attempts per POST, first one included; the receiver answering non-success triggers a retry. */
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  timeoutMs: number;
  /** POSTs in flight at once; 1 keeps the receiver's view strictly ordered. */
  concurrency: number;
  seed: number;
  /**
   * Reuse connections between POSTs (default false: one connection per POST, closed after it, which
   * is what the API has always been measured with). A connection costs both ends a handshake and a
   * close on top of the POST itself.
   */
  keepAlive: boolean;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  batchSize: 1,
  order: 'fifo',
  duplicateRate: 0,
  maxAttempts: 5,
  retryBaseDelayMs: 25,
  retryMaxDelayMs: 1_000,
  timeoutMs: 5_000,
  concurrency: 1,
  seed: 1,
  keepAlive: false,
};

const LIMITS = {
  batchSize: 1000,
  maxAttempts: 20,
  retryMaxDelayMs: 60_000,
  timeoutMs: 60_000,
  concurrency: 64,
};

export interface DeliveryAttempt {
  status?: number;
  error?: string;
}

export interface DeliveryRecord {
  id: number;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** True for the extra copy sent to simulate at-least-once delivery. */
  duplicate: boolean;
  eventCount: number;
  attempts: DeliveryAttempt[];
  outcome: 'pending' | 'delivered' | 'dropped';
  /** Body of the receiver's last answer (first 64 KiB), e.g. TwiML. */
  responseBody?: string;
}

interface Job {
  request: OutgoingRequest & { body: Buffer; headers: Record<string, string> };
  record: DeliveryRecord;
}

export type Encoder<E> = (
  url: string,
  events: E[],
) => OutgoingRequest & { body: Buffer; headers: Record<string, string> };

/**
 * Queues webhook events, groups them into POSTs, and delivers them with bounded retries.
 * Events queued in the same tick are drained together, which is where ordering and batching apply.
 */
export class WebhookDispatcher<E> {
  private options: DeliveryOptions;
  private random: () => number;
  private pending: Array<{ url: string; event: E }> = [];
  private ready: Job[] = [];
  private inflight = 0;
  private drainScheduled?: NodeJS.Immediate;
  private paused = false;
  private stopped = false;
  private forcedDuplicates = 0;
  private nextId = 1;
  private readonly retryTimers = new TimerSet();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly log: BoundedLog<DeliveryRecord>;
  private agent: Agent;

  constructor(
    private readonly encode: Encoder<E>,
    private readonly isSuccess: (status: number) => boolean,
    options: Partial<DeliveryOptions> = {},
    maxRecords = 10_000,
  ) {
    this.options = validate({ ...DEFAULT_DELIVERY_OPTIONS, ...options });
    this.random = seededRandom(this.options.seed);
    this.log = new BoundedLog(maxRecords);
    this.agent = newAgent(this.options.keepAlive);
  }

  configure(options: Partial<DeliveryOptions>): void {
    const next = validate({ ...this.options, ...options });
    if (next.seed !== this.options.seed) this.random = seededRandom(next.seed);
    if (next.keepAlive !== this.options.keepAlive) {
      // New POSTs use the new agent; destroying the old one also ends its requests in flight, which
      // fail and are retried as any failed delivery (only the bench switches this, at its start).
      const old = this.agent;
      this.agent = newAgent(next.keepAlive);
      old.destroy();
    }
    this.options = next;
    this.pump();
  }

  get settings(): Readonly<DeliveryOptions> {
    return this.options;
  }

  enqueue(url: string, event: E): void {
    if (this.stopped) return;
    this.pending.push({ url, event });
    this.scheduleDrain();
  }

  /** Holds queued events until resume(), so a test can build up a batch and choose its order. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.scheduleDrain();
  }

  /** The next `count` POSTs are each delivered twice. */
  duplicateNext(count: number): void {
    if (!Number.isInteger(count) || count < 0 || count > 10_000)
      throw new RangeError('duplicateNext needs 0..10000');
    this.forcedDuplicates += count;
  }

  records(): DeliveryRecord[] {
    return this.log.all();
  }

  clearRecords(): void {
    this.log.clear();
  }

  /** Resolves once nothing deliverable is queued, in flight or waiting for a retry. Paused events do not count. */
  flush(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.idleWaiters.indexOf(done);
        if (index >= 0) this.idleWaiters.splice(index, 1);
        reject(new Error(`Webhooks still pending after ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.drainScheduled) clearImmediate(this.drainScheduled);
    this.drainScheduled = undefined;
    this.retryTimers.clearAll();
    this.pending = [];
    this.ready = [];
    // Ends the POSTs in flight too: every socket of a request is the agent's from its creation.
    this.agent.destroy();
    this.notifyIfIdle(true);
  }

  /** Lets a stopped dispatcher be used again after the owning fake restarts. */
  restart(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.agent = newAgent(this.options.keepAlive);
  }

  private isIdle(): boolean {
    const pendingDeliverable = this.paused ? 0 : this.pending.length;
    return (
      pendingDeliverable === 0 &&
      this.ready.length === 0 &&
      this.inflight === 0 &&
      this.retryTimers.size === 0 &&
      (this.drainScheduled === undefined || this.paused)
    );
  }

  private notifyIfIdle(force = false): void {
    if (!force && !this.isIdle()) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  private scheduleDrain(): void {
    if (this.paused || this.stopped || this.drainScheduled) return;
    this.drainScheduled = setImmediate(() => {
      this.drainScheduled = undefined;
      this.drain();
    });
  }

  private drain(): void {
    if (this.paused || this.stopped) return;
    const batch = this.pending.splice(0);
    if (this.options.order === 'reverse') batch.reverse();
    if (this.options.order === 'shuffle') shuffleInPlace(batch, this.random);
    for (const group of groupByUrl(batch, this.options.batchSize)) {
      const request = this.encode(group.url, group.events);
      this.addJob(request, group.events.length, false);
      if (this.shouldDuplicate()) this.addJob(request, group.events.length, true);
    }
    this.pump();
    this.notifyIfIdle();
  }

  private shouldDuplicate(): boolean {
    if (this.forcedDuplicates > 0) {
      this.forcedDuplicates -= 1;
      return true;
    }
    return this.options.duplicateRate > 0 && this.random() < this.options.duplicateRate;
  }

  private addJob(request: Job['request'], eventCount: number, duplicate: boolean): void {
    const record: DeliveryRecord = {
      id: this.nextId++,
      url: request.url,
      body: request.body.toString('utf8'),
      headers: request.headers,
      duplicate,
      eventCount,
      attempts: [],
      outcome: 'pending',
    };
    this.log.push(record);
    this.ready.push({ request, record });
  }

  private pump(): void {
    while (!this.stopped && this.inflight < this.options.concurrency && this.ready.length > 0) {
      const job = this.ready.shift() as Job;
      this.inflight += 1;
      void this.attempt(job).finally(() => {
        this.inflight -= 1;
        this.pump();
        this.notifyIfIdle();
      });
    }
  }

  private async attempt(job: Job): Promise<void> {
    const attempt: DeliveryAttempt = {};
    job.record.attempts.push(attempt);
    try {
      const response = await sendToLoopback(job.request, this.agent, this.options.timeoutMs);
      attempt.status = response.status;
      job.record.responseBody = response.body;
      if (this.isSuccess(response.status)) {
        job.record.outcome = 'delivered';
        return;
      }
    } catch (error) {
      attempt.error = (error as Error).message;
    }
    if (this.stopped) return;
    const attempts = job.record.attempts.length;
    if (attempts >= this.options.maxAttempts) {
      job.record.outcome = 'dropped';
      return;
    }
    const delay = Math.min(this.options.retryMaxDelayMs, this.options.retryBaseDelayMs * 2 ** (attempts - 1));
    this.retryTimers.after(delay, () => {
      this.ready.push(job);
      this.pump();
      this.notifyIfIdle();
    });
  }
}

function newAgent(keepAlive: boolean): Agent {
  return new Agent({ keepAlive });
}

function groupByUrl<E>(items: Array<{ url: string; event: E }>, batchSize: number) {
  const groups: Array<{ url: string; events: E[] }> = [];
  const open = new Map<string, { url: string; events: E[] }>();
  for (const { url, event } of items) {
    let group = open.get(url);
    if (!group || group.events.length >= batchSize) {
      group = { url, events: [] };
      open.set(url, group);
      groups.push(group);
    }
    group.events.push(event);
  }
  return groups;
}

function validate(options: DeliveryOptions): DeliveryOptions {
  const int = (name: keyof typeof LIMITS | 'retryBaseDelayMs', min: number, max: number) => {
    const value = options[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`webhook option ${name} must be an integer in [${min}, ${max}]`);
    }
  };
  int('batchSize', 1, LIMITS.batchSize);
  int('maxAttempts', 1, LIMITS.maxAttempts);
  int('retryBaseDelayMs', 0, LIMITS.retryMaxDelayMs);
  int('retryMaxDelayMs', 0, LIMITS.retryMaxDelayMs);
  int('timeoutMs', 1, LIMITS.timeoutMs);
  int('concurrency', 1, LIMITS.concurrency);
  if (!(options.duplicateRate >= 0 && options.duplicateRate <= 1)) {
    throw new RangeError('webhook option duplicateRate must be within [0, 1]');
  }
  if (typeof options.keepAlive !== 'boolean')
    throw new RangeError('webhook option keepAlive must be a boolean');
  if (!['fifo', 'reverse', 'shuffle'].includes(options.order)) {
    throw new RangeError(`webhook option order must be fifo, reverse or shuffle`);
  }
  return options;
}
