import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import {
  bullConnection,
  QUEUE_PREFIX,
  RedisRecipientPacer,
  systemClock,
  WHATSAPP_PAIR_LIMIT,
  type ActivityHandlers,
  type ProviderFactory,
} from '@leadline/engine';
import type { RedisOptions } from 'ioredis';
import {
  CHANNEL_RATE,
  connectionOptions,
  contactsWithPendingWork,
  createContactActivities,
  dataConverter,
  handOverEmbeddedSteps,
  inboxForwarder,
  WORKFLOWS_PATH,
} from '@leadline/temporal';
import type { EngineMetrics } from '@leadline/ops';
import type { Logger } from 'pino';
import {
  InjectActivityHandlers,
  InjectProviderFactory,
  InjectWorkerPrisma,
} from '../activities/activities.module';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';
import { InjectEngineMetrics } from '../health/engine-metrics.token';

/** How often inbox events that could not be signalled (Temporal was away) are forwarded again. */
const SWEEP_INTERVAL_MS = 10_000;
const SWEEP_STALE_MS = 5_000;
/** Wakes the sweep sends at once (the rest wait for the next ones), so a backlog cannot flood Temporal. */
const SWEEP_CONCURRENCY = 8;
/**
 * Activities one worker runs at once: each holds at most one database connection at a time, so this
 * stays within Prisma's pool (num_cpus * 2 + 1 by default) with room for the sweep.
 */
const MAX_CONCURRENT_ACTIVITIES = 8;
/** Running activities get this long to finish at shutdown; Temporal retries the ones cut short. */
const SHUTDOWN_GRACE = '20 seconds';

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
  private sweeping = false;
  private pacers: RedisRecipientPacer[] = [];

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
    @InjectWorkerPrisma() private readonly prisma: PrismaClient,
    @InjectProviderFactory() private readonly providers: ProviderFactory,
    @InjectActivityHandlers() private readonly handlers: ActivityHandlers,
    @InjectEngineMetrics() private readonly metrics?: EngineMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.engine.mode !== 'temporal') return;
    const settings = this.config.engine.temporal;
    const { address, namespace, taskQueue } = settings;
    const converter = dataConverter(settings);
    if (settings.metricsBind) {
      // Before any connection: the SDK's metrics (a failing workflow task, schedule-to-start latency,
      // slots in use) served for Prometheus, so a stuck contact alerts.
      Runtime.install({
        telemetryOptions: { metrics: { prometheus: { bindAddress: settings.metricsBind } } },
      });
    }
    this.clientConnection = Connection.lazy({ address, ...connectionOptions(settings) });
    const client = new Client({
      connection: this.clientConnection,
      namespace,
      ...(converter ? { dataConverter: converter } : {}),
    });
    const forward = inboxForwarder(this.prisma, client.workflow, taskQueue, {
      searchAttributes: settings.searchAttributes,
    });
    // The same Redis buckets as the embedded engine's send path: one recipient's pair rate and one
    // number's 80 messages/s hold across every worker, whichever engine sends.
    const redis = bullConnection(this.config.redis.url) as RedisOptions;
    const pacer = new RedisRecipientPacer(redis, QUEUE_PREFIX, WHATSAPP_PAIR_LIMIT);
    const channelRate = new RedisRecipientPacer(redis, `${QUEUE_PREFIX}:rate`, CHANNEL_RATE);
    this.pacers = [pacer, channelRate];
    const activities = createContactActivities({
      pacer,
      channelRate,
      prisma: this.prisma,
      providers: this.providers,
      clock: systemClock,
      handlers: this.handlers,
      // The same domain metrics as the embedded engine, on the worker's /metrics.
      ...(this.metrics ? { metrics: this.metrics } : {}),
      wake: async (tenantId, contactId) => {
        await forward(tenantId, contactId);
      },
      onSetAside: (error, eventId) =>
        this.logger.error(
          { err: error, eventId: String(eventId) },
          'a contact event failed 5 times and was set aside (contact_events.failed_at)',
        ),
    });
    this.nativeConnection = await NativeConnection.connect({ address, ...connectionOptions(settings) }).catch(
      (error: unknown) => {
        throw new Error(
          `Cannot reach the Temporal server at TEMPORAL_ADDRESS=${address} (${String((error as Error)?.message ?? error)}). ` +
            'Start Temporal (docker compose --profile temporal up) or set LEADLINE_ENGINE=embedded.',
        );
      },
    );
    this.worker = await Worker.create({
      connection: this.nativeConnection,
      namespace,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities,
      ...(converter ? { dataConverter: converter } : {}),
      maxConcurrentActivityTaskExecutions: MAX_CONCURRENT_ACTIVITIES,
      shutdownGraceTime: SHUTDOWN_GRACE,
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

  /** Wakes contacts with work still pending; one sweep at a time, a bounded number of signals at once. */
  private async sweep(
    forward: (tenantId: string, contactId: string, reason?: 'sweep') => Promise<number>,
  ): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      // After an engine switch: steps the embedded engine queued and no embedded worker ran become
      // the contact's again (unpublished), so the wakes below hand them to runStep.
      const handed = await handOverEmbeddedSteps(this.prisma);
      if (handed.length)
        this.logger.info({ contacts: handed.length }, 'took over steps the embedded engine had queued');
      const pending = await contactsWithPendingWork(this.prisma, SWEEP_STALE_MS);
      for (let i = 0; i < pending.length; i += SWEEP_CONCURRENCY) {
        await Promise.all(
          pending
            .slice(i, i + SWEEP_CONCURRENCY)
            .map(({ tenantId, contactId }) => forward(tenantId, contactId, 'sweep')),
        );
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'could not wake contacts with pending work; retrying on the next sweep',
      );
    } finally {
      this.sweeping = false;
    }
  }

  /** Lets running activities finish; the PrismaClient is closed by CoreModule afterwards. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.nativeConnection?.close();
    await this.clientConnection?.close();
    await Promise.all(this.pacers.map((pacer) => pacer.close()));
  }
}
