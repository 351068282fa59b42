import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import Redis from 'ioredis';

const LEASE_KEY = 'leadline:test-redis-lease:';
const LEASE_MS = 60_000;
const RENEW_MS = 15_000;
const WAIT_FOR_FREE_MS = 300_000;

export interface LeasedRedisDatabase {
  /** The shared server's URL with the leased logical database as its path. */
  url: string;
  db: number;
  release(): Promise<void>;
}

// Renews or releases a lease only while it is still ours (it may have expired and been taken).
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * When tests must share one Redis server (no redis-server installed here, or
 * LEADLINE_TEST_REDIS_URL names a server), each test file leases a logical database of its own:
 * `SET NX` on a lease key in database 0 makes the choice atomic across Jest workers and Jest runs,
 * the lease is renewed while the file runs and expires if its process dies. The database is emptied
 * on taking it, so leftovers of a process that died never reach the next file.
 */
export async function leaseRedisDatabase(serverUrl: string): Promise<LeasedRedisDatabase> {
  const base = new URL(serverUrl);
  base.pathname = '/0';
  const admin = new Redis(base.toString(), { maxRetriesPerRequest: 2, lazyConnect: true });
  admin.on('error', () => undefined); // surfaced by the calls below
  await admin.connect();
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  try {
    const databases = await admin
      .config('GET', 'databases')
      .then((reply) => Number((reply as string[])[1]) || 16)
      .catch(() => 16); // CONFIG may be disabled on a managed server
    const deadline = Date.now() + WAIT_FOR_FREE_MS;
    for (;;) {
      // Database 0 holds the leases (and is a developer's default): never leased out.
      for (let db = 1; db < databases; db += 1) {
        if ((await admin.set(`${LEASE_KEY}${db}`, owner, 'PX', LEASE_MS, 'NX')) !== 'OK') continue;
        return await holdLease(admin, base, db, owner);
      }
      if (Date.now() > deadline) {
        throw new Error(`every Redis logical database of ${base.host} stayed leased for 5 minutes`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    admin.disconnect();
    throw error;
  }
}

async function holdLease(admin: Redis, base: URL, db: number, owner: string): Promise<LeasedRedisDatabase> {
  const key = `${LEASE_KEY}${db}`;
  const url = new URL(base.toString());
  url.pathname = `/${db}`;
  const data = new Redis(url.toString(), { maxRetriesPerRequest: 2 });
  data.on('error', () => undefined);
  try {
    await data.flushdb();
  } finally {
    data.disconnect();
  }
  const renewal = setInterval(() => {
    admin.eval(RENEW, 1, key, owner, LEASE_MS).catch(() => undefined);
  }, RENEW_MS);
  renewal.unref();
  return {
    url: url.toString(),
    db,
    async release() {
      clearInterval(renewal);
      await admin.eval(RELEASE, 1, key, owner).catch(() => undefined);
      admin.disconnect();
    },
  };
}
