import { PrismaPg } from '@prisma/adapter-pg';
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
 * A Prisma client over node-postgres. Used as is, it is the *system* client: it acts as the
 * connecting role (a superuser or BYPASSRLS role), so row-level security does not apply. Code that
 * works for one tenant must go through `withTenant` instead; see docs/data-model.md.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  // One query at a time per transaction: see one-query-at-a-time.ts.
  const adapter = oneQueryAtATime(
    new PrismaPg({ connectionString: options.url, max: options.maxConnections }),
  );
  return new PrismaClient({
    adapter,
    transactionOptions: {
      maxWait: options.transactionMaxWaitMs ?? DEFAULT_TRANSACTION_MAX_WAIT_MS,
      timeout: options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS,
    },
  });
}
