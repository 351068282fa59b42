import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  attemptDelivery,
  deliveryOptions,
  webhooksQueue,
  type OutboundEventsOptions,
} from '@leadline/outbound-events';
import { failedContext, processJob } from '@leadline/ops';
import type { Job } from 'bullmq';
import { InjectOutboundEventsOptions } from './outbound-events.options';

/**
 * Makes one webhook delivery attempt per job (libs/outbound-events attemptDelivery does the work). A
 * BullMQ worker registered with @nestjs/bullmq; its options and job schema are webhooksQueue's.
 */
@Processor(webhooksQueue.name, webhooksQueue.worker)
export class OutboundEventsProcessor extends WorkerHost {
  constructor(@InjectOutboundEventsOptions() private readonly options: OutboundEventsOptions) {
    super();
  }

  /** The job's data is parsed by the queue's zod schema first: a malformed job is set aside. */
  async process(job: Job): Promise<void> {
    const attempt = deliveryOptions(this.options);
    await processJob(webhooksQueue, job, (data) => attemptDelivery(attempt, data));
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.options.onError?.(error, 'webhook delivery worker');
  }

  @OnWorkerEvent('failed')
  onFailed(_job: Job | undefined, error: Error): void {
    this.options.onError?.(error, failedContext(error, 'webhook delivery'));
  }
}
