import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import {
  BullMqJobQueue,
  bullConnection,
  DEFAULT_INGEST_BATCH,
  EngineClient,
  publishOutbox,
  RedisInboxPublisher,
  systemClock,
  type FlowEngineClient,
  type InboxNotifier,
} from '@leadline/engine';
import { TemporalEngineClient } from '@leadline/temporal';
import type { Logger } from 'pino';
import { APP_CONFIG, PRISMA, ROOT_LOGGER } from '@leadline/bootstrap';

export const ENGINE_CLIENT = Symbol('ENGINE_CLIENT');
const ENGINE_HANDLE = Symbol('ENGINE_HANDLE');
export const InjectEngine = (): ParameterDecorator => Inject(ENGINE_CLIENT);

/**
 * Hands a contact's committed outbox rows (e.g. a person's reply) to the engine at once instead of
 * at the worker's next sweep: the embedded engine's queues (the tenant's outbox), or the contact's
 * Temporal workflow, which sends them in order with the bot's messages.
 */
export type OutboxPublisher = (tenantId: string, contactId: string) => Promise<void>;
export const OUTBOX_PUBLISHER = Symbol('OUTBOX_PUBLISHER');
export const InjectOutboxPublisher = (): ParameterDecorator => Inject(OUTBOX_PUBLISHER);

/** Tells open inboxes (every API process, through Redis pub/sub) what was committed. */
export const INBOX_NOTIFIER = Symbol('INBOX_NOTIFIER');
export const InjectInboxNotifier = (): ParameterDecorator => Inject(INBOX_NOTIFIER);

/** The engine client with what must be closed at shutdown (the BullMQ queue or the Temporal connection). */
interface EngineHandle {
  engine: FlowEngineClient;
  publishOutbox: OutboxPublisher;
  notify: InboxNotifier;
  close: () => Promise<void>;
}

function createEngine(config: AppConfig, prisma: PrismaClient, logger: Logger): EngineHandle {
  const inbox = new RedisInboxPublisher(bullConnection(config.redis.url), (error) =>
    logger.debug({ err: error }, 'could not publish an inbox notice; open inboxes catch up on reconnect'),
  );
  if (config.engine.mode === 'temporal') {
    const handle = TemporalEngineClient.connect(prisma, config.engine.temporal, (error) =>
      logger.warn({ err: error }, 'could not signal the contact workflow; the worker sweep will forward it'),
    );
    return {
      ...handle,
      publishOutbox: (tenantId, contactId) => handle.engine.wakeContact(tenantId, contactId),
      notify: inbox.notify,
      close: async () => {
        await handle.close();
        await inbox.close();
      },
    };
  }
  const queue = new BullMqJobQueue(bullConnection(config.redis.url));
  const engine = new EngineClient(
    prisma,
    queue,
    systemClock,
    (error) => logger.warn({ err: error }, 'could not wake a worker; the sweeper will pick the work up'),
    inbox.notify,
    // Webhooks share one transaction every few ms; each is answered after its batch committed.
    // One log line per batch, not per webhook (the lean webhook route logs only refusals).
    config.engine.ingestBatchMs > 0
      ? {
          ...DEFAULT_INGEST_BATCH,
          maxDelayMs: config.engine.ingestBatchMs,
          onWritten: (batch) =>
            batch.splitAfterError
              ? logger.warn(batch, 'ingest batch failed as a whole; its events were written one by one')
              : logger.info(batch, 'ingest batch committed'),
        }
      : undefined,
  );
  const publish = async (tenantId: string): Promise<void> => {
    await publishOutbox(prisma, queue, systemClock, tenantId);
  };
  return {
    engine,
    publishOutbox: publish,
    notify: inbox.notify,
    close: async () => {
      await engine.flush();
      await queue.close();
      await inbox.close();
    },
  };
}

/**
 * How the API hands work to the engine chosen by LEADLINE_ENGINE: durable first (PostgreSQL), then
 * a wake-up (Redis for the embedded engine, a signal for Temporal). The API never runs flow logic.
 */
@Global()
@Module({
  providers: [
    {
      provide: ENGINE_HANDLE,
      inject: [APP_CONFIG, PRISMA, ROOT_LOGGER],
      useFactory: createEngine,
    },
    {
      provide: ENGINE_CLIENT,
      inject: [ENGINE_HANDLE],
      useFactory: (handle: EngineHandle): FlowEngineClient => handle.engine,
    },
    {
      provide: OUTBOX_PUBLISHER,
      inject: [ENGINE_HANDLE],
      useFactory: (handle: EngineHandle): OutboxPublisher => handle.publishOutbox,
    },
    {
      provide: INBOX_NOTIFIER,
      inject: [ENGINE_HANDLE],
      useFactory: (handle: EngineHandle): InboxNotifier => handle.notify,
    },
  ],
  exports: [ENGINE_CLIENT, OUTBOX_PUBLISHER, INBOX_NOTIFIER],
})
export class EngineClientModule implements OnApplicationShutdown {
  constructor(@Inject(ENGINE_HANDLE) private readonly handle: EngineHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}
