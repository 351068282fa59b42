import { isUuid, pgPoolOf, type PrismaClient } from '@leadline/database';
import type { Pool } from 'pg';
import { dedupeKeys, type ContactEventPayload } from './contact-event-payloads';
import type { Clock, TimerJob } from './engine-ports';
import type { JobOutcome } from './fire-timer';
import { runHot } from './sql/hot-sql';
import { FIRE_TIMERS } from './sql/hot-statements';

export interface TimerFireBatchOptions {
  /** How long the first timer of a batch waits for others (ms) when no batch is being written. */
  maxDelayMs: number;
  /** Most timers appended by one statement. */
  maxRows: number;
}

/**
 * A few ms cost a timer nothing that matters (timers are due to the second), and under load a batch
 * fills while the previous one is written anyway. The timers worker's concurrency (ENGINE_QUEUES in
 * bullmq-job-queue.ts, 8 jobs at once) bounds a batch in practice.
 */
export const DEFAULT_TIMER_FIRE_BATCH: TimerFireBatchOptions = { maxDelayMs: 2, maxRows: 200 };

interface Waiting {
  job: TimerJob;
  resolve: (outcome: JobOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for fired timers (issue 21, fourth round): the timer jobs running at once in this
 * process append their `timer` contact events with ONE statement (FIRE_TIMERS, autocommit), every
 * few milliseconds or at once when the batch is full, instead of one statement each. It is
 * fireTimer's statement made multi-row, with the same guarantees:
 *
 * - once, whatever fires it: each row carries the timer's dedupe key, ON CONFLICT DO NOTHING (two
 *   jobs of one timer in one batch, or a job and the sweeper, append one event);
 * - tenant checks: a row is appended only when its run is its contact's in its job's tenant
 *   (runBelongsTo, as explicit conditions); a job naming another tenant's run, or an erased one,
 *   settles 'foreign_run' and appends nothing;
 * - crash safety: a job's promise settles only after the statement committed (autocommit), so its
 *   BullMQ job completes only once its event is durable; a crash before loses only jobs that are
 *   still active, which BullMQ hands to another worker (stalled-job check) or the sweeper re-fires;
 * - per-contact order: one batch is written at a time per process, rows in submission order; the
 *   events are then applied under the contact's lock, in id order, as any other.
 *
 * When the statement fails (the database is away), every job of the batch is rejected and retried by
 * BullMQ with its backoff: nothing of the batch was written (one statement, all or nothing).
 */
export class TimerFireBatcher {
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private readonly pool: Pool | undefined;
  /** Statements written and timers they carried (tests count round trips per timer with these). */
  readonly written = { statements: 0, timers: 0 };

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly options: TimerFireBatchOptions = DEFAULT_TIMER_FIRE_BATCH,
  ) {
    this.pool = pgPoolOf(prisma);
  }

  /** Appends the timer's event (once); settles after the commit, 'foreign_run' when it is not its tenant's. */
  fire(job: TimerJob): Promise<JobOutcome> {
    if (!isUuid(job.tenantId) || !isUuid(job.contactId) || !isUuid(job.runId))
      return Promise.resolve('foreign_run');
    return new Promise<JobOutcome>((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing) return; // the batch being written starts the next one when it ends
    if (this.pending.length >= this.options.maxRows) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writeNext();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.writing) this.writeNext();
      }, this.options.maxDelayMs);
    }
  }

  private writeNext(): void {
    const batch = this.pending.splice(0, this.options.maxRows);
    if (!batch.length) return;
    this.writing = this.write(batch).finally(() => {
      this.writing = undefined;
      // What arrived meanwhile has waited a whole write already: no further delay.
      if (this.pending.length) this.writeNext();
    });
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      const found = await this.append(batch.map((waiting) => waiting.job));
      this.written.statements += 1;
      this.written.timers += batch.length;
      batch.forEach((waiting, index) => waiting.resolve(found.has(index + 1) ? 'done' : 'foreign_run'));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }

  /** The batch's rows in one statement; the ordinals (1-based) of the jobs whose run was found. */
  private async append(jobs: TimerJob[]): Promise<Set<number>> {
    const at = this.clock.now();
    const values = [
      jobs.map((job) => job.tenantId),
      jobs.map((job) => job.contactId),
      jobs.map((job) => job.runId),
      jobs.map((job) =>
        JSON.stringify({ runId: job.runId, timerId: job.timerId } satisfies ContactEventPayload<'timer'>),
      ),
      jobs.map((job) => dedupeKeys.timer(job.runId, job.timerId)),
      at,
    ];
    const rows = this.pool
      ? await runHot(this.pool, FIRE_TIMERS, values)
      : await this.prisma.$queryRawUnsafe<Array<{ ord: number | bigint }>>(FIRE_TIMERS.text, ...values);
    return new Set(rows.map((row) => Number(row.ord)));
  }
}
