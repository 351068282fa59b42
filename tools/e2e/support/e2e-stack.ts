import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { createApiApp } from '../../../apps/api/src/api-app.factory';
import { createWorkerApp } from '../../../apps/worker/src/worker-app.factory';
import { loadConfig, type AppConfig } from '@leadline/config';
import {
  createPrismaClient,
  withTenant,
  type PrismaClient,
  type TenantTransaction,
} from '@leadline/database';
import { syncChannelTemplates, templateProviders, type ChannelCredentials } from '@leadline/engine';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { FakeMetaGraph, FakeTwilio } from '../../fake-whatsapp';
import { freePort } from './free-port';
import { LogCapture } from './log-capture';
import { seedTenant, type SeededTenant } from './seed-tenant';
import { SlowAnswerProxy } from './slow-answer-proxy';
import { META, TWILIO, STILL_INTERESTED_BODY } from './test-channels';

/**
 * Redis logical database used only by this e2e suite: the apps use the default queue prefix, so
 * queue names are global per Redis database, and no other test may share it.
 */
export const E2E_REDIS_DB = 5;

export interface E2eStack extends SeededTenant {
  config: AppConfig;
  /** http://127.0.0.1:<port>, also PUBLIC_URL. */
  apiUrl: string;
  fakeMeta: FakeMetaGraph;
  fakeTwilio: FakeTwilio;
  /** The worker reaches each fake through one of these; set `answerDelayMs` to slow the answers. */
  metaApi: SlowAnswerProxy;
  twilioApi: SlowAnswerProxy;
  /** Superuser client (sees every tenant's rows): for assertions only. */
  prisma: PrismaClient;
  /**
   * How far the fakes' clock runs ahead of real time. Moving it forward lets the provider think a
   * window closed while the engine (on real time) still thinks it open. Only ever move it forward:
   * the fakes' rate-limit buckets stop refilling while their clock goes backwards.
   */
  fakeClock: { aheadMs: number };
  /** Log lines at error level (or above) from either app: the engine reports its failures there. */
  errorLogs(): Array<Record<string, unknown>>;
  /** Runs `fn` scoped to the seeded tenant, as the apps do. */
  inTenant<T>(fn: (tx: TenantTransaction) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

function redisUrl(): string {
  const url = new URL(process.env.LEADLINE_TEST_REDIS_URL || 'redis://127.0.0.1:6379');
  url.pathname = `/${E2E_REDIS_DB}`;
  return url.toString();
}

async function flushRedisDb(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/**
 * One throw-away world per test file: a migrated database with a seeded tenant (a Meta and a Twilio
 * channel, approved templates, the lead-capture flow), both fake providers on loopback, and the real
 * API and worker apps, all from one config as in production.
 */
export async function startE2eStack(): Promise<E2eStack> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => errors.push(error));
    }
    if (errors.length) throw errors[0];
  };
  try {
    const redis = redisUrl();
    await flushRedisDb(redis);
    cleanups.push(() => flushRedisDb(redis));

    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());
    const prisma = createPrismaClient({ url: db.url });
    cleanups.push(() => prisma.$disconnect());

    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const fakeClock = { aheadMs: 0 };
    const now = () => Date.now() + fakeClock.aheadMs;

    const fakeMeta = new FakeMetaGraph({
      now,
      appSecret: META.appSecret,
      webhookUrl: `${apiUrl}/webhooks/meta`,
      phoneNumbers: [
        {
          id: META.phoneNumberId,
          displayPhoneNumber: META.displayPhone.slice(1),
          wabaId: META.wabaId,
          tokens: [META.accessToken],
        },
      ],
      templates: [
        {
          name: 'still_interested',
          language: 'en',
          category: 'UTILITY',
          components: [{ type: 'BODY', text: STILL_INTERESTED_BODY, example: { body_text: [['Ana']] } }],
        },
      ],
    });
    await fakeMeta.start();
    cleanups.push(() => fakeMeta.stop());

    const fakeTwilio = new FakeTwilio({
      now,
      accounts: [{ sid: TWILIO.accountSid, authToken: TWILIO.authToken }],
      senders: [`whatsapp:${TWILIO.number}`],
      // Approved for WhatsApp in the account; the channel learns its ContentSid by syncing.
      contents: [
        {
          sid: TWILIO.stillInterestedSid,
          friendlyName: 'still_interested',
          language: 'en',
          body: STILL_INTERESTED_BODY,
          samples: { '1': 'Ana' },
          approval: { name: 'still_interested', category: 'UTILITY', status: 'approved' },
        },
      ],
      inboundUrl: `${apiUrl}/webhooks/twilio`,
    });
    await fakeTwilio.start();
    cleanups.push(() => fakeTwilio.stop());

    const metaApi = new SlowAnswerProxy(fakeMeta.url);
    await metaApi.start();
    cleanups.push(() => metaApi.stop());
    const twilioApi = new SlowAnswerProxy(fakeTwilio.url);
    await twilioApi.start();
    cleanups.push(() => twilioApi.stop());

    const config = loadConfig({
      NODE_ENV: 'test',
      // Captured, not printed: the suite asserts that nothing went wrong unnoticed.
      LOG_LEVEL: 'error',
      DATABASE_URL: db.url,
      REDIS_URL: redis,
      PORT: String(apiPort),
      PUBLIC_URL: apiUrl,
      WORKER_HEALTH_PORT: String(await freePort()),
      SHUTDOWN_TIMEOUT_MS: '5000',
      META_GRAPH_URL: metaApi.url,
      META_GRAPH_VERSION: 'v25.0',
      META_APP_SECRET: META.appSecret,
      META_VERIFY_TOKEN: META.verifyToken,
      TWILIO_API_URL: twilioApi.url,
    });

    // Channels exist before the worker starts, so their send queues get workers at once.
    const seeded = await seedTenant(prisma, config.security.encryptionKey);
    // The Twilio channel's templates come from its account's Content templates, as `templates sync`.
    const box = createSecretBoxFromBase64Keys({ current: config.security.encryptionKey });
    await syncChannelTemplates(
      prisma,
      templateProviders({
        meta: config.whatsapp.meta,
        twilio: config.whatsapp.twilio,
        publicUrl: apiUrl,
        openCredentials: (sealed) => box.open(sealed) as ChannelCredentials,
      }),
      seeded.twilioChannelId,
    );

    const logs = new LogCapture();
    const api: NestExpressApplication = await createApiApp(config, { logDestination: logs });
    cleanups.push(() => api.close());
    await api.listen(apiPort, '127.0.0.1');

    const worker: INestApplicationContext = await createWorkerApp(config, { logDestination: logs });
    cleanups.push(() => worker.close());

    return {
      ...seeded,
      config,
      apiUrl,
      fakeMeta,
      fakeTwilio,
      metaApi,
      twilioApi,
      prisma,
      fakeClock,
      errorLogs: () => logs.lines.filter((line) => Number(line.level) >= 50),
      inTenant: (fn) => withTenant(prisma, seeded.tenantId, fn),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
