import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectConfig } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import { closeQueues } from '@leadline/ops';
import { OutboundEventsFeeder, webhooksQueue, type OutboundEventsOptions } from '@leadline/outbound-events';
import type { Queue } from 'bullmq';
import { InjectOutboundEventsOptions } from './outbound-events.options';
import { OutboundEventsProcessor } from './outbound-events.processor';

/**
 * Delivers outbound events to tenants' webhook subscriptions, whatever the engine mode: the feeder
 * moves due deliveries from PostgreSQL onto the `webhooks` queue, which OutboundEventsProcessor takes
 * from (in every worker process).
 */
@Injectable()
export class OutboundEventsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly feeder: OutboundEventsFeeder;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectOutboundEventsOptions() private readonly options: OutboundEventsOptions,
    @InjectQueue(webhooksQueue.name) private readonly queue: Queue,
    private readonly processor: OutboundEventsProcessor,
  ) {
    // Reported by readiness and by the feeder's own warning; listened to from the start, as they come
    // before boot completes when Redis is down.
    queue.on('error', () => undefined);
    this.feeder = new OutboundEventsFeeder(options, queue);
  }

  onApplicationBootstrap(): void {
    this.feeder.start();
  }

  /**
   * Bounded, before @nestjs/bullmq's own shutdown hook (which awaits a plain worker.close() that never
   * settles with Redis unreachable; once closed here, it returns at once).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const timeoutMs = this.config.server.shutdownTimeoutMs;
    await this.feeder.stop(timeoutMs);
    await closeQueues([this.processor.worker], [this.queue], { timeoutMs });
    await this.options.prisma.$disconnect();
  }
}
