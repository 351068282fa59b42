import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { QueuedWork } from '@leadline/data-rights';
import { bullConnection, jobId, QUEUE_PREFIX } from '@leadline/engine';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';

/** Longest wait for Redis: the erasure is committed already, this only tidies the queues. */
const REMOVE_TIMEOUT_MS = 2_500;

/**
 * Takes an erased contact's delayed timer and activity jobs off the embedded engine's queues. Not
 * needed for correctness (a job for an erased contact finds nothing to act on), but an AI or HTTP
 * step would otherwise still run with the erased contact's data, and a timer would retry against a
 * missing contact for hours. A job already running cannot be removed; it finds its rows gone.
 */
@Injectable()
export class QueuedWorkRemover implements OnApplicationShutdown {
  private queues?: { timers: Queue; activities: Queue };

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  async remove(work: QueuedWork): Promise<void> {
    if (this.config.engine.mode !== 'embedded') return;
    if (!work.timers.length && !work.activities.length) return;
    this.queues ??= this.open();
    const { timers, activities } = this.queues;
    const removals = [
      ...work.timers.map(([runId, timerId]) => timers.remove(jobId('timer', runId, timerId))),
      ...work.activities.map((requestId) => activities.remove(jobId('activity', requestId))),
    ];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), REMOVE_TIMEOUT_MS);
    });
    try {
      const outcome = await Promise.race([Promise.allSettled(removals), timeout]);
      if (outcome === 'timeout')
        this.logger.warn('erasure: Redis did not answer; queued jobs of the erased contact stay');
    } finally {
      clearTimeout(timer);
    }
  }

  private open() {
    const connection = bullConnection(this.config.redis.url);
    const queue = (name: string) => {
      const opened = new Queue(name, { connection, prefix: QUEUE_PREFIX });
      opened.on('error', () => undefined);
      return opened;
    };
    return { timers: queue('timers'), activities: queue('activities') };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.queues) return;
    await Promise.all([this.queues.timers.close(), this.queues.activities.close()]);
  }
}
