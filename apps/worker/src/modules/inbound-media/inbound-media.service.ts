import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import { closeQueues, FEEDER_IDLE, PollLoop } from '@leadline/ops';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { InjectWorkerPrisma } from '../activities/activities.module';
import {
  INBOUND_MEDIA_ATTEMPTS,
  INBOUND_MEDIA_QUEUE,
  InboundMediaProcessor,
} from './inbound-media.processor';

/** How often pending files are looked for (and handed to the queue once each). */
const SWEEP_MS = 500;

/**
 * Downloads the files customers send, in their own BullMQ queue (retries with backoff), so a slow or
 * failing provider never holds up the engine. The ingest records a pending `message_media` row in
 * its transaction; this service finds pending rows and queues one job per file (the job id makes a
 * second add a no-op), so a file is not lost if Redis or this process was down when it came in.
 * InboundMediaProcessor takes the jobs.
 */
@Injectable()
export class InboundMediaService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /**
   * Never two sweeps at once; slower at rest (FEEDER_IDLE): a file comes with its message, whose
   * contact job in this process brings the sweep back to SWEEP_MS (process-activity.ts), and the
   * sweep is the backstop when that signal is elsewhere (another worker process took the job).
   */
  private readonly loop = new PollLoop(
    () => this.sweep(),
    SWEEP_MS,
    (error) => this.logger.warn({ err: error }, 'could not look for inbound media'),
    FEEDER_IDLE,
  );

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
    @InjectWorkerPrisma() private readonly prisma: PrismaClient,
    @InjectQueue(INBOUND_MEDIA_QUEUE) private readonly queue: Queue,
    private readonly processor: InboundMediaProcessor,
  ) {
    // Reported by readiness and by the sweep's own warning; listened to from the start, as they come
    // before boot completes when Redis is down.
    queue.on('error', () => undefined);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** System-level scan (ids and tenants only), like the engine's sweeper; the job works in withTenant. */
  private async sweep(): Promise<number> {
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
          attempts: INBOUND_MEDIA_ATTEMPTS,
          backoff: { type: 'exponential', delay: 2_000 },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      );
    }
    return pending.length;
  }

  /**
   * Bounded, before @nestjs/bullmq's own shutdown hook: that one awaits a plain worker.close(), which
   * never settles with Redis unreachable; once closed here, its close() returns at once.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop(this.config.server.shutdownTimeoutMs);
    await closeQueues([this.processor.worker], [this.queue], {
      timeoutMs: this.config.server.shutdownTimeoutMs,
    });
  }
}
