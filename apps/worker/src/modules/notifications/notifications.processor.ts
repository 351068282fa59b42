import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  attemptNotification,
  deliverOptions,
  notificationsQueue,
  type NotificationsOptions,
} from '@leadline/notifications';
import { failedContext, processJob } from '@leadline/ops';
import type { Job } from 'bullmq';
import { InjectNotificationsOptions } from './notifications.options';

/**
 * Makes one notification attempt per job (libs/notifications attemptNotification does the work). A
 * BullMQ worker registered with @nestjs/bullmq; its options and job schema are notificationsQueue's.
 */
@Processor(notificationsQueue.name, notificationsQueue.worker)
export class NotificationsProcessor extends WorkerHost {
  constructor(@InjectNotificationsOptions() private readonly options: NotificationsOptions) {
    super();
  }

  /** The job's data is parsed by the queue's zod schema first: a malformed job is set aside. */
  async process(job: Job): Promise<void> {
    const attempt = deliverOptions(this.options);
    await processJob(notificationsQueue, job, (data) => attemptNotification(attempt, data));
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.options.onError?.(error, 'notification worker');
  }

  @OnWorkerEvent('failed')
  onFailed(_job: Job | undefined, error: Error): void {
    this.options.onError?.(error, failedContext(error, 'notification'));
  }
}
