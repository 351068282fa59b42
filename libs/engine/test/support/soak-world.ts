import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import {
  createPrismaClient,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { createTestDatabase, testRedisConnection, testRedisUrl, type TestDatabase } from '@leadline/testing';
import type { ConnectionOptions } from 'bullmq';

/** Templates the example flows use; all approved utility templates on the test channel. */
const TEMPLATES = ['still_interested', 'lead_welcome', 'lead_reminder', 'lead_last_call', 'quote_follow_up'];

/**
 * What the engine tests share: a throw-away migrated database with one tenant, one channel and the
 * given flows published, plus the test file's own Redis (see @leadline/testing) and a queue prefix of
 * its own (a file may run several worlds). It starts
 * no engine, so a test can start several, restart them or run them in a child; `startEngineWorld`
 * (engine-world.ts) adds the one engine most tests want.
 */
export interface SoakWorld {
  db: TestDatabase;
  prisma: PrismaClient;
  tenantId: string;
  channelId: string;
  phoneNumberId: string;
  /** The test file's own Redis: for child processes. */
  redisUrl: string;
  redis: ConnectionOptions;
  queuePrefix: string;
  drop(): Promise<void>;
}

export async function createSoakWorld(options: {
  flows: Array<Record<string, unknown>>;
  maxConnections?: number;
  /** The channel's provider: 'meta' for tests that send through the fake Graph API. */
  channelProvider?: 'sandbox' | 'meta';
}): Promise<SoakWorld> {
  const db = await createTestDatabase();
  const prisma = createPrismaClient({ url: db.url, maxConnections: options.maxConnections });
  const tenant = await prisma.tenant.create({
    data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Soak' },
  });
  const phoneNumberId = `sandbox-${randomUUID().slice(0, 8)}`;
  const channelId = await withTenant(prisma, tenant.id, async (tx) => {
    const channel = await tx.channel.create({
      data: {
        tenantId: tenant.id,
        provider: options.channelProvider ?? 'sandbox',
        phoneNumberId,
        displayPhone: '+15550100000',
        status: 'active',
      },
    });
    for (const name of TEMPLATES) {
      await tx.template.create({
        data: {
          tenantId: tenant.id,
          channelId: channel.id,
          name,
          language: 'en',
          category: 'utility',
          status: 'approved',
        },
      });
    }
    for (const flow of options.flows) {
      await publishFlowVersion(tx, {
        tenantId: tenant.id,
        key: String(flow.id),
        name: String(flow.name),
        definition: flow as Prisma.InputJsonValue,
      });
    }
    return channel.id;
  });
  return {
    db,
    prisma,
    tenantId: tenant.id,
    channelId,
    phoneNumberId,
    redisUrl: testRedisUrl(),
    redis: testRedisConnection(),
    queuePrefix: `soak-${randomUUID().slice(0, 8)}`,
    async drop() {
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/** Calls `visit` with each batch of keys under the world's queue prefix. */
async function scanQueueKeys(
  world: SoakWorld,
  visit: (redis: Redis, keys: string[]) => Promise<void>,
): Promise<void> {
  const redis = new Redis(testRedisConnection());
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${world.queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await visit(redis, keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key of the world's queue prefix (other worlds of the file may share the Redis). */
export async function deleteQueueKeys(world: SoakWorld): Promise<number> {
  let deleted = 0;
  await scanQueueKeys(world, async (redis, keys) => {
    deleted += await redis.del(...keys);
  });
  return deleted;
}

/**
 * FLUSHDB on the test file's own Redis: what a Redis restart without persistence leaves. Safe: no
 * other test file can use this Redis.
 */
export async function flushRedisDb(): Promise<void> {
  const redis = new Redis(testRedisConnection());
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** Number of keys under the world's queue prefix. */
export async function countQueueKeys(world: SoakWorld): Promise<number> {
  let count = 0;
  await scanQueueKeys(world, async (_redis, keys) => {
    count += keys.length;
  });
  return count;
}
