import {
  Queue,
  Worker,
  type ConnectionOptions,
  type Job,
  type JobsOptions,
  type WorkerOptions,
} from 'bullmq';
import type { z } from 'zod';
import { closeQueues } from './close-queues';
import { MalformedJobError, parseJobData } from './queue-jobs';

/** The Redis key prefix of Leadline's queues (tests pass their own, so they never share queues). */
export const QUEUE_PREFIX = 'leadline';

/**
 * Everything that defines one BullMQ queue, in one place: its name, the zod schema of its jobs, how
 * its workers run and how its jobs are added. The worker app's `@Processor` takes `worker` as its
 * options and the processor validates with `schema`; the non-Nest path (tests, bench, tools) starts
 * the same worker through `QueueBinding`. Both ends therefore agree by construction.
 */
export interface QueueDefinition<T> {
  readonly name: string;
  /** The name given to added jobs (shown by the queue dashboard). */
  readonly jobName: string;
  readonly schema: z.ZodType<T>;
  /** Concurrency, limiter, stalled-job handling, backoff strategy: also the `@Processor` options. */
  readonly worker: Readonly<Omit<WorkerOptions, 'connection' | 'prefix' | 'autorun'>>;
  /** Options of every added job (attempts, backoff, retention); the job id and delay come per job. */
  readonly jobs: Readonly<JobsOptions>;
}

export function defineQueue<T>(definition: QueueDefinition<T>): QueueDefinition<T> {
  return definition;
}

/**
 * The processor boundary: the job's data parsed by its queue's schema (Redis is not trusted), then
 * handed over. A malformed job throws MalformedJobError, which BullMQ sets aside without retries.
 */
export function processJob<T, R>(
  definition: QueueDefinition<T>,
  job: Job,
  handle: (data: T, job: Job) => Promise<R>,
): Promise<R> {
  return handle(parseJobData(definition.schema, job), job);
}

/** Adds a job with its queue's options (and the given id, delay or overrides). */
export async function addJob<T>(
  queue: Pick<Queue, 'add'>,
  definition: QueueDefinition<T>,
  data: T,
  options: JobsOptions = {},
): Promise<void> {
  await queue.add(definition.jobName, data, { ...definition.jobs, ...options });
}

/** Opens a queue; connection errors surface through add() and readiness, not as unhandled events. */
export function openQueue(name: string, connection: ConnectionOptions, prefix = QUEUE_PREFIX): Queue {
  const queue = new Queue(name, { connection, prefix });
  queue.on('error', () => undefined);
  return queue;
}

export interface QueueBindingOptions {
  connection: ConnectionOptions;
  prefix?: string;
  /** Worker option overrides (tests: concurrency, lock duration). */
  worker?: Partial<WorkerOptions>;
  /** What the worker's errors and failed jobs are reported as: `<label> worker`, `<label> job`. */
  label: string;
  onError?: (error: unknown, context: string) => void;
}

/**
 * A queue and (once started) its worker outside Nest: what libs use when run directly (tests, bench,
 * tools). The worker app registers the same definition with @nestjs/bullmq instead.
 */
export class QueueBinding<T> {
  readonly queue: Queue;
  private worker?: Worker;

  constructor(
    readonly definition: QueueDefinition<T>,
    private readonly options: QueueBindingOptions,
  ) {
    this.queue = openQueue(definition.name, options.connection, options.prefix);
  }

  add(data: T, options: JobsOptions = {}): Promise<void> {
    return addJob(this.queue, this.definition, data, options);
  }

  /** Starts taking jobs: each is validated by the definition's schema, then handled. */
  startWorker(handle: (data: T, job: Job) => Promise<unknown>): Worker {
    const { connection, prefix = QUEUE_PREFIX, label, onError } = this.options;
    this.worker = new Worker(this.definition.name, (job) => processJob(this.definition, job, handle), {
      ...this.definition.worker,
      ...this.options.worker,
      connection,
      prefix,
    });
    this.worker.on('error', (error) => onError?.(error, `${label} worker`));
    this.worker.on('failed', (_job, error) => onError?.(error, failedContext(error, label)));
    return this.worker;
  }

  /** Running jobs finish within `timeoutMs`, then connections are cut (see closeQueues). */
  close(timeoutMs: number): Promise<'graceful' | 'forced'> {
    return closeQueues(this.worker ? [this.worker] : [], [this.queue], { timeoutMs });
  }
}

/** How a failed job is reported: a malformed one as such, whatever its queue. */
export function failedContext(error: unknown, label: string): string {
  return error instanceof MalformedJobError ? 'malformed job' : `${label} job`;
}
