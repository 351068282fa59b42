import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CampaignDispatcher } from '@leadline/campaigns';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import { ENGINE_QUEUES, publishCommitted, systemClock } from '@leadline/engine';
import { InjectQueue } from '@nestjs/bullmq';
import { closeQueues } from '@leadline/ops';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { InjectWorkerPrisma } from '../activities/activities.module';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';
import { InjectEngineRuntime, type EngineRuntime } from './engine-runtime';
import { ActivitiesProcessor, ContactsProcessor } from './engine.processors';

/**
 * Runs the embedded engine (LEADLINE_ENGINE=embedded, the default) in this worker process: after
 * boot it starts the engine (its start-up sweep first, then its timer poller), then the queue
 * processors; on shutdown the
 * running jobs finish, within SHUTDOWN_TIMEOUT_MS, before the process exits.
 */
@Injectable()
export class EmbeddedEngineService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private campaigns?: CampaignDispatcher;
  private readonly processors: ReadonlyArray<ContactsProcessor | ActivitiesProcessor>;
  private readonly queues: readonly Queue[];

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
    @InjectWorkerPrisma() private readonly prisma: PrismaClient,
    @InjectEngineRuntime() private readonly runtime: EngineRuntime,
    contacts: ContactsProcessor,
    activities: ActivitiesProcessor,
    @InjectQueue(ENGINE_QUEUES.contacts.name) contactsQueue: Queue,
    @InjectQueue(ENGINE_QUEUES.activities.name) activitiesQueue: Queue,
  ) {
    this.processors = [contacts, activities];
    this.queues = [contactsQueue, activitiesQueue];
    // Their connection errors show in readiness (and in the engine's own adds); listened to from the
    // start, as they come before boot completes when Redis is down.
    for (const queue of this.queues) queue.on('error', () => undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { engine } = this.runtime;
    await engine.start();
    // run() resolves when the worker closes; its failures are the worker's 'error' events.
    for (const { worker } of this.processors)
      void worker.run().catch((error) => this.runtime.onError(error, 'queue worker'));
    // Campaigns hand their recipients to this engine's send path (outbox → send job → provider): a
    // batch's send jobs are published as it committed them, in one addBulk.
    const queue = engine.queue;
    this.campaigns = new CampaignDispatcher({
      prisma: this.prisma,
      publish: (tenantId, rows) => publishCommitted(this.prisma, queue, systemClock, tenantId, rows),
      onError: (error, context) => this.logger.error({ err: error, context }, 'campaign dispatch error'),
    });
    this.campaigns.start();
    this.logger.info({ engine: 'embedded' }, 'embedded engine started');
  }

  /**
   * Bounded, before @nestjs/bullmq's own shutdown hook (which awaits a plain worker.close() that never
   * settles with Redis unreachable; once closed here, it returns at once). The PrismaClient is closed
   * by CoreModule (@leadline/bootstrap) once every engine has stopped.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.campaigns?.stop();
    const { engine, inbox, testClock } = this.runtime;
    const timeoutMs = this.config.server.shutdownTimeoutMs;
    await Promise.all([
      engine.stop(
        timeoutMs,
        this.processors.map((processor) => processor.worker),
      ),
      closeQueues([], this.queues, { timeoutMs }),
    ]);
    await inbox.close();
    await testClock?.close();
  }
}
