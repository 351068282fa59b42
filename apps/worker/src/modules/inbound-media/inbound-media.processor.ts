import { Inject, type BeforeApplicationShutdown } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { APP_CONFIG, ROOT_LOGGER } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import { databaseMediaStore } from '@leadline/documents';
import {
  bullConnection,
  inboundMediaJobSchema,
  RedisInboxPublisher,
  storeInboundMedia,
  type InboundMediaDeps,
  type ProviderFactory,
} from '@leadline/engine';
import { MalformedJobError, parseJobData } from '@leadline/ops';
import type { SecretBox } from '@leadline/secrets';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { InjectProviderFactory, InjectWorkerPrisma, SECRET_BOX } from '../activities/activities.module';

export const INBOUND_MEDIA_QUEUE = 'inbound-media';
/** Attempts per file before it is recorded as failed (the last attempt knows it is the last). */
export const INBOUND_MEDIA_ATTEMPTS = 6;

/**
 * Downloads one file a customer sent and keeps it (libs/engine storeInboundMedia does the work; this
 * is only the queue's end). A BullMQ worker registered with @nestjs/bullmq, four files at a time.
 */
@Processor(INBOUND_MEDIA_QUEUE, { concurrency: 4 })
export class InboundMediaProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly inbox: RedisInboxPublisher;
  private readonly deps: InboundMediaDeps;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @InjectWorkerPrisma() prisma: PrismaClient,
    @InjectProviderFactory() providers: ProviderFactory,
    @Inject(SECRET_BOX) box: SecretBox,
  ) {
    super();
    // Open inboxes hear at once when a file is there.
    this.inbox = new RedisInboxPublisher(bullConnection(config.redis.url));
    this.deps = { prisma, providers, store: databaseMediaStore(box), notify: this.inbox.notify };
  }

  async process(job: Job): Promise<void> {
    // A malformed job is set aside at once (MalformedJobError), logged by onFailed.
    const data = parseJobData(inboundMediaJobSchema, job);
    const outcome = await storeInboundMedia(this.deps, data, job.attemptsMade + 1 >= INBOUND_MEDIA_ATTEMPTS);
    this.logger.info({ mediaId: data.mediaId, outcome }, 'inbound media');
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'inbound media worker');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (error instanceof MalformedJobError)
      this.logger.warn({ jobId: job?.id, code: error.code }, error.message);
  }

  /** The worker itself is closed (bounded) by InboundMediaService first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.inbox.close();
  }
}
