import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from './generated/prisma/client';
import { oneQueryAtATime } from './one-query-at-a-time';

export interface CreatePrismaClientOptions {
  /** postgresql://user:password@host:port/database */
  url: string;
  /** Size of the connection pool (pg's default is 10). */
  maxConnections?: number;
  /** Longest wait for a pooled connection when a transaction starts, in ms. */
  transactionMaxWaitMs?: number;
  /** Longest time an interactive transaction may stay open, in ms. */
  transactionTimeoutMs?: number;
}

/**
 * Prisma's defaults (2 s to get a connection, 5 s per transaction) turn a burst of webhooks or a busy
 * CPU into failed requests and retried jobs ("Unable to start a transaction in the given time"). A
 * request that queues for its connection a little longer loses nothing; one that fails costs a
 * provider retry or, after a send, an answer we cannot record.
 */
export const DEFAULT_TRANSACTION_MAX_WAIT_MS = 10_000;
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 15_000;

/**
 * How long a pooled connection may stay idle before the pool closes it (pg's default: 10 s). Each new
 * connection costs PostgreSQL a process fork, authentication and cold catalog and plan caches; with
 * 10 s, traffic that pauses a little closes and reopens connections all day (`bench conversation-step
 * --pg-stats` counted connections opened during a steady load, and 3-11 ms of PostgreSQL CPU per step
 * in backends that exited). An idle connection held for a minute costs the server little.
 */
export const POOL_IDLE_TIMEOUT_MS = 60_000;

/**
 * A Prisma client over node-postgres. Used as is, it is the *system* client: it acts as the
 * connecting role (a superuser or BYPASSRLS role), so row-level security does not apply. Code that
 * works for one tenant must go through `withTenant` instead; see docs/data-model.md.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  // The pool is made here, not by the adapter, so the engine's plain-SQL hot path can share it
  // (pgPoolOf): one pool per client, one size setting. Prisma still ends it on $disconnect.
  // One query at a time per transaction: see one-query-at-a-time.ts.
  const pool = new Pool({
    connectionString: options.url,
    max: options.maxConnections,
    idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
  });
  // An idle client whose server went away (a PostgreSQL restart: 57P01) makes the pool emit 'error'
  // after it dropped that client; the next query connects anew. Prisma's adapter listens only while
  // it is connected, and the plain-SQL hot paths borrow this pool before Prisma's first query: with
  // no listener the process would die of an unhandled 'error' event.
  pool.on('error', () => undefined);
  // A checked-out client has no pool listener: pg-pool listens on idle clients only, so a restart's
  // 57P01 reaching a client between two queries is its own 'error' event, and only its holder's
  // listener keeps that from being thrown at the process (the hot paths and Prisma's transactions
  // add one; anything else that checks a client out would have to remember). Every client gets one
  // for its whole life; the loss still reaches the next query on it, which rejects, and its caller
  // releases the client as broken.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const adapter = oneQueryAtATime(new PrismaPg(pool, { disposeExternalPool: true }));
  const client = new PrismaClient({
    adapter,
    transactionOptions: {
      maxWait: options.transactionMaxWaitMs ?? DEFAULT_TRANSACTION_MAX_WAIT_MS,
      timeout: options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS,
    },
  });
  pools.set(client, pool);
  return client;
}

const pools = new WeakMap<PrismaClient, Pool>();

/**
 * The node-postgres pool under a client made by createPrismaClient (undefined for any other client).
 * For hot paths that send plain SQL (libs/engine/src/sql): they borrow connections from the same
 * pool, so the process keeps one pool size, and `$disconnect()` closes both.
 */
export function pgPoolOf(client: PrismaClient): Pool | undefined {
  return pools.get(client);
}
