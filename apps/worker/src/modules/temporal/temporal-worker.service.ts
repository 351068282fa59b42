import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import { systemClock, type ActivityHandlers, type ProviderFactory } from '@leadline/engine';
import {
  contactsWithPendingEvents,
  createContactActivities,
  inboxForwarder,
  WORKFLOWS_PATH,
} from '@leadline/temporal';
import type { Logger } from 'pino';
import {
  InjectActivityHandlers,
  InjectProviderFactory,
  InjectWorkerPrisma,
} from '../activities/activities.module';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';

/** How often inbox events that could not be signalled (Temporal was away) are forwarded again. */
const SWEEP_INTERVAL_MS = 10_000;
const SWEEP_STALE_MS = 5_000;

/**
 * Runs the Temporal engine (LEADLINE_ENGINE=temporal) in this worker process: a Temporal Worker on
 * TEMPORAL_TASK_QUEUE hosting the contact workflow and its activities (built with the worker's
 * shared Prisma client, provider factory and activity handlers), plus a sweep that forwards inbox
 * events the API could not signal.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker?: Worker;
  private running?: Promise<void>;
  private nativeConnection?: NativeConnection;
  private clientConnection?: Connection;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
    @InjectWorkerPrisma() private readonly prisma: PrismaClient,
    @InjectProviderFactory() private readonly providers: ProviderFactory,
    @InjectActivityHandlers() private readonly handlers: ActivityHandlers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.engine.mode !== 'temporal') return;
    const { address, namespace, taskQueue } = this.config.engine.temporal;
    this.clientConnection = Connection.lazy({ address });
    const client = new Client({ connection: this.clientConnection, namespace });
    const forward = inboxForwarder(this.prisma, client.workflow, taskQueue);
    const activities = createContactActivities({
      prisma: this.prisma,
      providers: this.providers,
      clock: systemClock,
      handlers: this.handlers,
      wake: async (tenantId, contactId) => {
        await forward(tenantId, contactId);
      },
    });
    this.nativeConnection = await NativeConnection.connect({ address }).catch((error: unknown) => {
      throw new Error(
        `Cannot reach the Temporal server at TEMPORAL_ADDRESS=${address} (${String((error as Error)?.message ?? error)}). ` +
          'Start Temporal (docker compose --profile temporal up) or set LEADLINE_ENGINE=embedded.',
      );
    });
    this.worker = await Worker.create({
      connection: this.nativeConnection,
      namespace,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities,
    });
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.fatal({ err: error }, 'the Temporal worker stopped');
      throw error;
    });
    this.sweepTimer = setInterval(() => {
      void this.sweep(forward);
    }, SWEEP_INTERVAL_MS);
    this.logger.info({ engine: 'temporal', address, namespace, taskQueue }, 'Temporal worker started');
  }

  private async sweep(forward: (tenantId: string, contactId: string) => Promise<number>): Promise<void> {
    try {
      for (const { tenantId, contactId } of await contactsWithPendingEvents(this.prisma, SWEEP_STALE_MS))
        await forward(tenantId, contactId);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not forward pending inbox events; retrying on the next sweep');
    }
  }

  /** Lets running activities finish; the PrismaClient is closed by CoreModule afterwards. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.nativeConnection?.close();
    await this.clientConnection?.close();
  }
}
