import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
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
import { closeQueues } from '@leadline/ops';
import type { SecretBox } from '@leadline/secrets';
import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { InjectProviderFactory, InjectWorkerPrisma, SECRET_BOX } from '../activities/activities.module';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';

const QUEUE = 'inbound-media';
const ATTEMPTS = 6;
/** How often pending files are looked for (and handed to the queue once each). */
const SWEEP_MS = 500;

/**
 * Downloads the files customers send, in their own BullMQ queue (retries with backoff), so a slow or
 * failing provider never holds up the engine. The ingest records a pending `message_media` row in
 * its transaction; this service finds pending rows and queues one job per file (the job id makes a
 * second add a no-op), so a file is not lost if Redis or this process was down when it came in.
 */
@Injectable()
export class InboundMediaService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private queue?: Queue;
  private worker?: Worker;
  private inbox?: RedisInboxPublisher;
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
    @InjectWorkerPrisma() private readonly prisma: PrismaClient,
    @InjectProviderFactory() private readonly providers: ProviderFactory,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = bullConnection(this.config.redis.url);
    this.inbox = new RedisInboxPublisher(connection);
    const deps: InboundMediaDeps = {
      prisma: this.prisma,
      providers: this.providers,
      store: databaseMediaStore(this.box),
      notify: this.inbox.notify,
    };
    this.queue = new Queue(QUEUE, { connection, prefix: 'leadline' });
    this.worker = new Worker(
      QUEUE,
      async (job: Job) => {
        const data = inboundMediaJobSchema.parse(job.data);
        const outcome = await storeInboundMedia(deps, data, job.attemptsMade + 1 >= ATTEMPTS);
        this.logger.info({ mediaId: data.mediaId, outcome }, 'inbound media');
      },
      { connection, prefix: 'leadline', concurrency: 4 },
    );
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'inbound media worker'));
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  /** System-level scan (ids and tenants only), like the engine's sweeper; the job works in withTenant. */
  private async sweep(): Promise<void> {
    if (this.sweeping || !this.queue) return;
    this.sweeping = true;
    try {
      const pending = await this.prisma.messageMedia.findMany({
        where: { status: 'pending' },
        select: { id: true, tenantId: true },
        orderBy: { createdAt: 'asc' },
        take: 100,
      });
      for (const row of pending) {
        await this.queue.add(
          'download',
          { tenantId: row.tenantId, mediaId: row.id },
          {
            jobId: `media.${row.id}`,
            attempts: ATTEMPTS,
            backoff: { type: 'exponential', delay: 2_000 },
            removeOnComplete: true,
            removeOnFail: 1000,
          },
        );
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not look for inbound media');
    } finally {
      this.sweeping = false;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // Bounded: with Redis unreachable a plain worker.close() never settles.
    await closeQueues(this.worker ? [this.worker] : [], this.queue ? [this.queue] : [], {
      timeoutMs: this.config.server.shutdownTimeoutMs,
    });
    await this.inbox?.close();
  }
}
