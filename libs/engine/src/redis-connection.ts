import type { ConnectionOptions } from 'bullmq';
import Redis, { type RedisOptions } from 'ioredis';

/** BullMQ connection options from a redis:// or rediss:// URL (BullMQ needs maxRetriesPerRequest: null). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    db: Number.isInteger(db) ? db : 0,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * One auto-pipelined connection for what a process sends Redis after an ingest batch commits: the
 * batch's wake job (BullMQ's add, through BullMqJobQueue) and its inbox notices (one PUBLISH per
 * tenant, RedisInboxPublisher). Both are issued in the same turn of the event loop (the commit's
 * continuation), and auto-pipelining sends what one turn issued in ONE socket write, so a batch
 * costs one write and one read on each side instead of two on two connections (issue 21, tenth
 * round: at 100 steps/s a batch holds one or two webhooks, and these round trips are most of its
 * fixed cost). Only for adds and publishes: a BullMQ Worker needs its own blocking connection.
 * `maxRetriesPerRequest: null` as BullMQ's queues want: during a Redis outage the commands wait for
 * the reconnect; the wake gives up after WAKE_TIMEOUT_MS (the sweeper finds the work) and a notice
 * is best-effort either way. The caller owns it: BullMQ and the publisher leave it open at their
 * close, and the caller quits it after both.
 */
export function sharedCommandRedis(connection: ConnectionOptions): Redis {
  const redis = new Redis({
    ...(connection as RedisOptions),
    enableAutoPipelining: true,
    maxRetriesPerRequest: null,
  });
  redis.on('error', () => undefined); // reported per command (the wake's and the publish's onError)
  return redis;
}
