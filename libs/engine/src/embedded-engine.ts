import { pgPoolOf, type PrismaClient } from '@leadline/database';
import {
  closeQueues,
  MalformedJobError,
  parseJobData,
  processJob,
  settlesWithin,
  signalActivity,
  type ClosableWorker,
  type EngineMetrics,
} from '@leadline/ops';
import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import {
  BullMqJobQueue,
  createWorker,
  ENGINE_QUEUES,
  isLostJobError,
  isRedisDataLoss,
  type StaticEngineQueue,
  type WorkerSpec,
} from './bullmq-job-queue';
import { ContactProcessor, MAX_EVENT_ATTEMPTS } from './contact-processor';
import { DEFAULT_CONTACT_STEP_BATCH } from './contact-step-batch';
import type { GroupCommitOptions } from './group-commit';
import { systemClock, type Clock, type ProviderFactory } from './engine-ports';
import { TimerPoller, DEFAULT_TIMER_POLLER, type TimerPollerOptions } from './timer-poller';
import { sendJobSchema } from './job-schemas';
import type { InboxNotifier } from './inbox-events';
import { publishCommitted, publishOutbox, type OutboxRow } from './outbox-relay';
import { RedisEpoch } from './redis-epoch';
import { RecipientPacedError, WHATSAPP_PAIR_LIMIT, type PairLimit } from './recipient-pacer';
import { ChannelRateLimitedError, RedisSendBudget } from './send-budget';
import { InlineSender, type InlineOutboxRow } from './send-inline';
import { AnswerRecorder } from './answer-batch';
import { runActivity, type ActivityHandlers, type JobOutcome } from './run-activity';
import { giveUpSends, sendMessages, type SendDeps } from './send-messages';
import { Sweeper } from './sweeper';
import { applyContactList, ContactSlots } from './contact-list-job';
import { wakeContact, wakeContacts, type ContactRef } from './wake';
import { WakeKeyReleaser } from './wake-key-release';
import { waitLeft } from './stop-deadline';

export interface EmbeddedEngineOptions {
  prisma: PrismaClient;
  redis: ConnectionOptions;
  providers: ProviderFactory;
  activities?: ActivityHandlers;
  clock?: Clock;
  /** Messages per second per WhatsApp number (Meta's default throughput is 80). */
  sendRatePerSecond?: number;
  /** Per recipient and number (WHATSAPP_PAIR_LIMIT by default); false leaves it to Meta's 131056. */
  pairLimit?: PairLimit | false;
  concurrency?: { contacts?: number; activities?: number };
  /** The timer poller's batch and longest sleep (timer-poller.ts; DEFAULT_TIMER_POLLER). */
  timerPoller?: Partial<TimerPollerOptions>;
  /**
   * Fired timers applied by the timer poller in its own process (default) or, false, by one contact
   * job each (the sixth round's way, kept as a switch).
   */
  applyFiredTimers?: boolean;
  sweepIntervalMs?: number;
  channelPollMs?: number;
  onError?: (error: unknown, context: string) => void;
  /** Redis key prefix of the queues (tests use their own, so they never share queues). */
  queuePrefix?: string;
  /** How long an unconfirmed send waits for its status before it is sent again (RECONCILE_MS). */
  reconcileMs?: number;
  /** Attempts of a send job before its messages are failed (50 by default; tests use fewer). */
  sendAttempts?: number;
  /**
   * How soon the jobs of a worker that died are taken over by another (BullMQ's lock duration and
   * stalled-job check interval; 30 s by default). Tests that kill workers use less.
   */
  jobLockMs?: number;
  /** Tells open inboxes what the engine committed (see inbox-events.ts); none when unset. */
  notify?: InboxNotifier;
  /**
   * The contact job sends a hot-path step's messages itself right after its commit (send-inline.ts);
   * on by default. False: every send goes through a send job.
   */
  inlineSends?: boolean;
  /**
   * Group commit of contact steps (contact-step-batch.ts): the hot-path steps of the contact and
   * timer jobs running at once for one tenant share one transaction, each in a savepoint. On by
   * default (DEFAULT_CONTACT_STEP_BATCH); false: one transaction per step, as before.
   */
  contactStepBatch?: GroupCommitOptions | false;
  /**
   * The group commit of inline sends' answers (answer-batch.ts); DEFAULT_ANSWER_BATCH unless set
   * (tests hold a batch open to count it exactly).
   */
  answerBatch?: GroupCommitOptions;
  /** Steps, sends, timers and fallbacks as Prometheus metrics (@leadline/ops createEngineMetrics). */
  metrics?: EngineMetrics;
  /**
   * The contacts and activities workers run elsewhere (the worker app's @nestjs/bullmq processors),
   * which call handle(); the engine then runs only its timer poller and per-channel send workers.
   */
  externalProcessors?: boolean;
}

/** Running jobs that find their keys gone within this time of a reported loss are part of it. */
const SAME_LOSS_MS = 60_000;

/**
 * The default engine: run state in PostgreSQL, work on BullMQ. Every worker process runs all of it;
 * several processes share the queues and never apply one contact's events at the same time.
 */
export class EmbeddedEngine {
  readonly queue: BullMqJobQueue;
  private readonly clock: Clock;
  private readonly workers: Worker[] = [];
  private readonly sendWorkers = new Map<string, Worker>();
  private readonly processor: ContactProcessor;
  /** Contacts applied at once, list jobs or not: the contacts worker's concurrency (contact-list-job.ts). */
  private readonly contactSlots: ContactSlots;
  /** The contact processor's group commit of steps, when on (tests count its batches). */
  get contactSteps() {
    return this.processor.batcher;
  }
  /** The fired timers' group commit of steps (the timer poller's apply; tests count its batches). */
  get firedTimerSteps() {
    return this.processor.firedBatcher;
  }
  /** Fires due timers from PostgreSQL in batches (timer-poller.ts). */
  readonly timers: TimerPoller;
  private readonly sweeper: Sweeper;
  /** The numbers' rates and the recipients' pair rates, shared by inline sends and send workers. */
  private readonly budget: RedisSendBudget;
  private readonly inline?: InlineSender;
  /** The group commit of the inline sends' answers, when inline sends are on (tests count its batches). */
  readonly answers?: AnswerRecorder;
  private readonly epoch: RedisEpoch;
  /** Contact jobs release their wake keys through it as they start (wake-key-release.ts). */
  private readonly wakeKeys: WakeKeyReleaser;
  private intervals: NodeJS.Timeout[] = [];
  private stopped = false;
  /** Running jobs whose keys Redis lost since the last sweep (isLostJobError). */
  private lostRunningJobs = 0;
  /** When a loss of Redis' data was last reported: one loss, one log line. */
  private lossReportedAt = -Infinity;

  constructor(private readonly options: EmbeddedEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.queue = new BullMqJobQueue(
      options.redis,
      options.queuePrefix,
      options.sendAttempts ? { send: options.sendAttempts } : {},
    );
    const publish = (tenantId: string) => publishOutbox(options.prisma, this.queue, this.clock, tenantId);
    const publishRows = (tenantId: string, rows: OutboxRow[]) =>
      publishCommitted(options.prisma, this.queue, this.clock, tenantId, rows);
    this.budget = new RedisSendBudget(
      options.redis as RedisOptions,
      this.queue.prefix,
      this.sendRate,
      options.pairLimit === false ? false : (options.pairLimit ?? WHATSAPP_PAIR_LIMIT),
    );
    const pool = pgPoolOf(options.prisma);
    if (pool && options.inlineSends !== false) {
      this.answers = new AnswerRecorder(pool, options.answerBatch);
      this.inline = new InlineSender({
        ...this.sendDeps(),
        budget: this.budget,
        pool,
        publish: publishRows,
        answers: this.answers,
      });
    }
    this.contactSlots = new ContactSlots(
      options.concurrency?.contacts ?? ENGINE_QUEUES.contacts.worker.concurrency ?? 1,
    );
    this.processor = new ContactProcessor(
      options.prisma,
      this.clock,
      async (tenantId, contactId, outbox) => {
        const inline = outbox.filter((row): row is InlineOutboxRow => row.inline !== undefined);
        const queued = outbox.filter((row) => row.inline === undefined);
        await publishRows(tenantId, queued).catch((error) => this.report(error, 'publishing the outbox'));
        // After the commit, before the contact's next event: a failure here leaves the outbox row
        // unpublished, for the sweeper (send-inline.ts says how each guarantee holds).
        for (const row of inline) {
          await this.inline
            ?.send(tenantId, row)
            .catch((error) => this.report(error, 'sending after the commit'));
        }
        options.notify?.(tenantId, { kind: 'conversation', contactId, conversationId: null });
      },
      (error, eventId) =>
        this.report(error, `contact event ${eventId} set aside after ${MAX_EVENT_ATTEMPTS} failures`),
      'embedded',
      options.metrics,
      this.inline,
      options.contactStepBatch === false
        ? undefined
        : (options.contactStepBatch ?? DEFAULT_CONTACT_STEP_BATCH),
    );
    this.timers = new TimerPoller(
      options.prisma,
      this.clock,
      wakeContacts(this.queue),
      (error, context) => this.report(error, context),
      { ...DEFAULT_TIMER_POLLER, ...options.timerPoller },
      // Fired timers applied by the poller's process through the group commit of steps, without a
      // contact job each; only with that group commit, which never waits for a contact's lock.
      this.processor.firedBatcher && options.applyFiredTimers !== false
        ? (contacts, settled) => this.processor.applyFired(contacts, settled)
        : undefined,
    );
    this.epoch = new RedisEpoch(options.redis as RedisOptions, this.queue.prefix);
    // The releases ride on the send budget's connection, flushed right before a take (or at the
    // latest when the job's drain ends): a lone step's release and rate take leave in one write.
    this.wakeKeys = new WakeKeyReleaser(this.budget.connection);
    this.budget.beforeTake = () => this.wakeKeys.flush();
    this.sweeper = new Sweeper(options.prisma, this.queue, this.clock, publish, this.epoch);
  }

  private get sendRate(): number {
    return this.options.sendRatePerSecond ?? 80;
  }

  private sendDeps(): SendDeps {
    return {
      prisma: this.options.prisma,
      providers: this.options.providers,
      clock: this.clock,
      wake: wakeContact(this.queue),
      reconcileMs: this.options.reconcileMs,
      budget: this.budget,
      notify: this.options.notify,
      metrics: this.options.metrics,
    };
  }

  private report(error: unknown, context: string): void {
    this.options.onError?.(error, context);
  }

  private get wake() {
    return wakeContact(this.queue);
  }

  /** Each static queue's job handler, given the job's data as its queue's schema parsed it. */
  private readonly handlers: {
    [Q in StaticEngineQueue]: (
      data: (typeof ENGINE_QUEUES)[Q]['schema']['_output'],
      job: Job,
    ) => Promise<void>;
  } = {
    contacts: async (data, job) => {
      // An ingest batch's wake names several contacts: each applied as its own job would be.
      if ('contacts' in data) return applyContactList(data.contacts, (contact) => this.applyContact(contact));
      // Started: a wake from now on adds a job of its own (wake.ts says why that is safe). Released
      // once the job holds a contact slot, not while it queues behind other contacts: until then a
      // wake is skipped or kept as this job's successor, so waiting jobs stay one per contact. The
      // release leaves with the step's rate take (wake-key-release.ts defer).
      try {
        await this.applyContact(data, () => this.wakeKeys.defer(job));
      } finally {
        this.wakeKeys.flush(); // a drain that took no send rate: released as it ends, at the latest
      }
    },
    activities: async (data, job) =>
      this.ignored(
        job,
        await runActivity(
          this.options.prisma,
          this.clock,
          this.options.activities ?? {},
          data,
          this.wake,
          job.attemptsMade + 1,
        ),
      ),
  };

  /** A contacts job's work for one contact: its pending events, and a new wake if it stopped at its limit. */
  private async applyContact({ tenantId, contactId }: ContactRef, started?: () => void): Promise<void> {
    const applied = await this.contactSlots.run(() => {
      started?.();
      return this.processor.process(tenantId, contactId);
    });
    if (applied >= ContactProcessor.batchLimit) await this.wake(tenantId, contactId);
  }

  /**
   * Runs one job of a static queue: its data parsed by the queue's schema (ENGINE_QUEUES), then
   * handled; a malformed job throws MalformedJobError (BullMQ sets it aside, without retries). The
   * engine's own workers call this (worker() reports malformed jobs), and so do the worker app's
   * @Processor classes (which report them on their worker's 'failed' event).
   */
  handle(queue: StaticEngineQueue, job: Job): Promise<void> {
    const handler = this.handlers[queue] as (data: unknown, job: Job) => Promise<void>;
    // After the job (its step committed): the poll loops slowed down at rest return to their cadence
    // before the media, notifications and outbound events this traffic brings wait on them.
    return processJob(ENGINE_QUEUES[queue], job, handler).finally(signalActivity);
  }

  async start(): Promise<void> {
    const { concurrency = {} } = this.options;
    // Sends and activities published before a restart may have gone with Redis: publish them again.
    // If the database is not reachable yet, the periodic sweep keeps trying (readiness reports it).
    await this.sweepAtStart();
    // Timers need no re-arm: they are fired from PostgreSQL, by this poller or another worker's.
    this.timers.start();
    if (!this.options.externalProcessors) {
      for (const queue of ['contacts', 'activities'] as const) {
        this.workers.push(
          this.worker({
            name: queue,
            concurrency: concurrency[queue],
            handle: (job) => this.handle(queue, job),
          }),
        );
      }
    }
    for (const worker of this.workers) worker.on('error', this.workerError('queue worker', worker.name));
    await this.ensureSendWorkers().catch((error) => this.report(error, 'starting send workers'));
    this.every(this.options.sweepIntervalMs ?? 2_000, () =>
      this.sweptAtStart ? this.sweep() : this.sweepAtStart(),
    );
    this.every(this.options.channelPollMs ?? 10_000, () => this.ensureSendWorkers());
  }

  private sweptAtStart = false;

  /**
   * A worker's error, unless it is a running job finding its keys gone: that is Redis losing its data,
   * which the next sweep recovers from and reports once (a loss hits every job in flight at once).
   * A contacts job's missing key is neither (isRedisDataLoss): another worker finished and deleted it.
   */
  workerError(context: string, queue: string): (error: Error) => void {
    return (error) => {
      if (isRedisDataLoss(error, queue)) this.lostRunningJobs += 1;
      else if (!isLostJobError(error)) this.report(error, context);
    };
  }

  private async sweep(): Promise<void> {
    const lostJobs = this.lostRunningJobs;
    const { redisDataLost, republished } = await this.sweeper.sweep({ jobsLost: lostJobs > 0 });
    this.lostRunningJobs -= lostJobs;
    // Jobs still running when a loss was reported fail after it: the same loss, not another line.
    const newLoss = redisDataLost || (lostJobs > 0 && Date.now() - this.lossReportedAt > SAME_LOSS_MS);
    if (!newLoss) return;
    this.lossReportedAt = Date.now();
    const lost = lostJobs ? ` (${lostJobs} running jobs had lost their keys)` : '';
    this.report(
      new Error(`Redis lost the engine's queued work; republished ${republished} jobs${lost}`),
      'redis data loss',
    );
  }

  private async sweepAtStart(): Promise<void> {
    try {
      await this.sweeper.sweep({ rearmAll: true });
      this.sweptAtStart = true;
    } catch (error) {
      this.report(error, 'republishing queued work at start-up');
    }
  }

  /** A job whose run is not its contact's in its tenant did nothing: said once, with ids only. */
  private ignored(job: Job, outcome: JobOutcome): void {
    if (outcome === 'foreign_run') {
      this.report(
        new Error(
          `job ${job.id} on queue "${job.queueName}" ignored: its run is not its contact's in its tenant`,
        ),
        'job for another tenant or an erased run',
      );
    }
  }

  private worker(spec: WorkerSpec): Worker {
    // A malformed job is reported here (BullMQ sets it aside as failed, without retries).
    const handle = async (job: Job) => {
      try {
        await spec.handle(job);
      } catch (error) {
        if (error instanceof MalformedJobError) this.report(error, 'malformed job');
        throw error;
      }
    };
    return createWorker(this.options.redis, { ...spec, handle }, this.queue.prefix, this.options.jobLockMs);
  }

  private every(ms: number, task: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.stopped) return;
      running = true;
      task()
        .catch((error) => this.report(error, 'periodic task'))
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    this.intervals.push(timer);
  }

  /**
   * One send worker per channel. The number's rate is the Redis bucket every send takes from (inline
   * ones too, send-budget.ts); a send the bucket holds back rate-limits the worker by hand
   * (send()). BullMQ's limiter stays set at the same rate: BullMQ reads a manual limit's TTL only on a
   * queue with a limiter, and counting jobs (one or more messages each) it never binds before the bucket.
   */
  private async ensureSendWorkers(): Promise<void> {
    const channels = await this.options.prisma.channel.findMany({
      where: { status: { not: 'disabled' } },
      select: { id: true },
    });
    const rate = this.sendRate;
    for (const { id } of channels) {
      if (this.sendWorkers.has(id) || this.stopped) continue;
      const worker = this.worker({
        name: `send.${id}`,
        queue: 'send',
        limiter: { max: Math.max(1, Math.round(rate)), duration: 1_000 },
        handle: (job: Job) => this.send(job, id),
      });
      worker.on('error', this.workerError(`send worker ${id}`, 'send'));
      this.sendWorkers.set(id, worker);
    }
  }

  private async send(job: Job, channelId: string): Promise<void> {
    const deps = this.sendDeps();
    const data = parseJobData(sendJobSchema, job);
    try {
      await sendMessages(deps, data, job.attemptsMade);
    } catch (error) {
      if (error instanceof ChannelRateLimitedError) {
        // The number's rate is spent (by inline sends or this queue): BullMQ's manual rate limit puts
        // the job back to wait, without spending an attempt, and holds the queue until the bucket refills.
        await this.sendWorkers.get(channelId)?.rateLimit(error.delayMs);
        throw Worker.RateLimitError();
      }
      if (error instanceof RecipientPacedError) {
        // Waiting for the recipient's allowance is not a failure: delay the job without spending one
        // of its attempts (a long burst to one contact would otherwise exhaust them).
        await job.moveToDelayed(Date.now() + error.delayMs, job.token);
        throw new DelayedError();
      }
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 < attempts) throw error;
      // The last attempt: a job that failed for good would leave its messages queued and its run
      // waiting for ever. Fail them and tell the run instead (then the job completes).
      const failed = await giveUpSends(deps, data, attempts, error);
      this.report(error, `send job ${job.id} gave up after ${attempts} attempts (${failed} messages failed)`);
    }
  }

  /**
   * Stops taking jobs and lets the running ones finish, within `timeoutMs`; after that (or when Redis
   * is unreachable and a clean close cannot happen) connections are cut. An interrupted job is retried
   * by another worker: every job is safe to run twice.
   */
  async stop(timeoutMs = 10_000, processors: readonly ClosableWorker[] = []): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.stopped = true;
    for (const timer of this.intervals) clearInterval(timer);
    this.intervals = [];
    await settlesWithin(this.timers.stop(), timeoutMs);
    // `processors`: the external ones (externalProcessors), closed with the engine's own workers.
    const workers = [...processors, ...this.workers, ...this.sendWorkers.values()];
    // The inline sends' answers (answer-batch.ts close): written without a batch wait from now on,
    // so the jobs the close below lets finish, each awaiting its answer's record, end at once. Only
    // PostgreSQL is needed, reachable or not whatever Redis does.
    const answers = this.answers?.close();
    // Bounded whatever Redis does: unreachable, the sockets are cut at once (ioredis would otherwise
    // keep reconnecting); jobs running past the timeout are cut off (each is safe to run again).
    const closed = await closeQueues(workers, [this.queue], { timeoutMs });
    // The answers recorded meanwhile (a job cut off may still record one), written before this
    // returns: the PrismaClient, and with it the pool, is closed after the engine stops. Within the
    // caller's timeout (what is left of it, at most 1 s): an answer not written by then is one of a
    // job cut off, safe to run again.
    if (answers)
      await settlesWithin(Promise.all([answers, this.answers!.close()]), waitLeft(deadline, 1_000));
    if (closed === 'forced') {
      this.budget.disconnect();
      this.epoch.disconnect();
      this.wakeKeys.disconnect();
      return;
    }
    // The releases first: they share the budget's connection, which its close then quits.
    await settlesWithin(Promise.all([this.wakeKeys.close(), this.budget.close(), this.epoch.close()]), 1_000);
  }
}
