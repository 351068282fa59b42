import Redis from 'ioredis';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { maskUrlPassword } from './redact';

/** Fail fast: a readiness probe must answer quickly even when a dependency is gone. */
const CONNECT_TIMEOUT_MS = 2000;

export function createPostgresPool(url: string, options: { applicationName: string; logger: Logger }): Pool {
  const pool = new Pool({
    connectionString: url,
    application_name: options.applicationName,
    max: 2,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
  });
  // Without a listener, an idle client dropped by the server (restart, failover) would crash the process.
  pool.on('error', (err) =>
    options.logger.warn(
      { database: maskUrlPassword(url), err: { message: err.message } },
      'idle PostgreSQL client failed',
    ),
  );
  // And a checked-out client idle between queries gets its server's 57P01 as its own 'error' event.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * A Redis client that reconnects with capped back-off and reports a lost connection once
 * (and its recovery once) instead of logging every retry.
 */
export function createRedisClient(url: string, options: { connectionName: string; logger: Logger }): Redis {
  const client = new Redis(url, {
    connectionName: options.connectionName,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // ioredis keeps a timer of this length alive after disconnect() when the socket had already
    // failed (the default 2 s would hold a stopping process and test runners open).
    disconnectTimeout: 500,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(250 * 2 ** Math.min(attempt, 5), 5000),
  });
  let down = false;
  client.on('error', (err: Error) => {
    (client as Redis & { lastError?: Error }).lastError = err;
    if (down) return;
    down = true;
    options.logger.warn(
      { redis: maskUrlPassword(url), err: { message: err.message } },
      'Redis connection failed; retrying quietly in the background',
    );
  });
  client.on('ready', () => {
    (client as Redis & { lastError?: Error }).lastError = undefined;
    if (!down) return;
    down = false;
    options.logger.info({ redis: maskUrlPassword(url) }, 'Redis connection restored');
  });
  return client;
}

/** The most recent connection error of a client made by createRedisClient(). */
export function lastRedisError(client: Redis): Error | undefined {
  return (client as Redis & { lastError?: Error }).lastError;
}

/** Resolves with the work's result, or 'timeout' after `ms` (the work is not cancelled). */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when the promise settled (either way) within `ms`: for bounded shutdowns. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const outcome = await withDeadline(
    promise.then(
      () => true,
      () => true,
    ),
    ms,
  );
  return outcome === true;
}

/** True when the promise resolved within `ms` (false when it rejected or took longer). */
export async function fulfilsWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const outcome = await withDeadline(
    promise.then(
      () => true,
      () => false,
    ),
    ms,
  );
  return outcome === true;
}

/** Waits for checked-out clients up to `timeoutMs`, then gives up so shutdown cannot hang. */
export async function closePostgresPool(pool: Pool, timeoutMs = 5000): Promise<void> {
  if (pool.ended || pool.ending) return;
  await withDeadline(
    pool.end().catch(() => undefined),
    timeoutMs,
  );
}

export async function closeRedisClient(client: Redis, timeoutMs = 2000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    const result = await withDeadline(
      client.quit().catch(() => 'failed' as const),
      timeoutMs,
    );
    if (result === 'OK') return;
  }
  client.disconnect(false);
}
