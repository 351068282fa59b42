import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { ENGINE_QUEUES, type StaticEngineQueue } from '@leadline/engine';
import { MalformedJobError } from '@leadline/ops';
import type { Job } from 'bullmq';
import { InjectEngineRuntime, type EngineRuntime } from './engine-runtime';

/**
 * The end of one of the engine's queues in this process: a BullMQ worker registered with
 * @nestjs/bullmq whose options (concurrency, stalled-job take-over, backoff) come from ENGINE_QUEUES,
 * like the engine's own workers outside Nest. The engine does the work (EmbeddedEngine.handle parses
 * the job with its queue's zod schema, then runs it). Workers start only once the engine has started
 * (autorun: false; EmbeddedEngineService runs them) and are closed by it, bounded, on shutdown.
 */
abstract class EngineProcessor extends WorkerHost {
  protected abstract readonly queue: StaticEngineQueue;

  constructor(@InjectEngineRuntime() protected readonly runtime: EngineRuntime) {
    super();
  }

  process(job: Job): Promise<void> {
    return this.runtime.engine.handle(this.queue, job);
  }

  /** A running job finding its keys gone counts towards the sweeper's Redis-loss report. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.runtime.engine.workerError('queue worker', this.queue)(error);
  }

  @OnWorkerEvent('failed')
  onFailed(_job: Job | undefined, error: Error): void {
    if (error instanceof MalformedJobError) this.runtime.onError(error, 'malformed job');
  }
}

@Processor(ENGINE_QUEUES.contacts.name, { ...ENGINE_QUEUES.contacts.worker, autorun: false })
export class ContactsProcessor extends EngineProcessor {
  protected readonly queue = 'contacts';
}

@Processor(ENGINE_QUEUES.activities.name, { ...ENGINE_QUEUES.activities.worker, autorun: false })
export class ActivitiesProcessor extends EngineProcessor {
  protected readonly queue = 'activities';
}
