import { InvalidTenantIdError, isUuid, TENANT_ROLE, TENANT_SETTING } from '@leadline/database';
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { z } from 'zod';

/**
 * The engine's hot path on plain node-postgres (issue 21, third round): statements that every
 * conversation step runs go out as NAMED prepared statements (parsed and planned once per
 * connection, no Prisma query building), and a tenant transaction begins, scopes itself and takes
 * its first lock in ONE round trip. Prisma stays for everything else.
 */

/** A named prepared statement whose rows are checked by `row` (a zod schema) before use. */
export interface HotStatement<R> {
  /** Unique per text: pg prepares it once per connection under this name. */
  name: string;
  text: string;
  row: z.ZodType<R>;
}

export function hotStatement<R>(name: string, text: string, row: z.ZodType<R>): HotStatement<R> {
  return { name, text, row };
}

/** Runs a prepared statement on a connection and returns its rows, checked. */
export async function runHot<R>(
  client: Pick<PoolClient, 'query'>,
  statement: HotStatement<R>,
  values: unknown[],
): Promise<R[]> {
  const result = await client.query({ name: statement.name, text: statement.text, values });
  return result.rows.map((row: unknown) => statement.row.parse(row));
}

/** The connection of a hot tenant transaction, and a way to end it without committing. */
export interface HotTransaction {
  run<R>(statement: HotStatement<R>, values: unknown[]): Promise<R[]>;
  /** Ends the transaction with ROLLBACK instead of COMMIT (the caller takes another path). */
  abandon(): void;
  /**
   * A last write sent with COMMIT in one simple-query round trip. Its text may hold only literals
   * made by uuidLiteral or Date.toISOString (nothing a caller or a user typed).
   */
  commitWith(sql: string): void;
}

/** A value the prelude writes into SQL text: only UUIDs (checked) and timestamps qualify. */
export function uuidLiteral(value: string): string {
  if (!isUuid(value)) throw new InvalidHotLiteralError(value);
  return `'${value}'::uuid`;
}

export class InvalidHotLiteralError extends Error {
  constructor(value: string) {
    super(`not a UUID: ${JSON.stringify(value.slice(0, 64))}`);
    this.name = 'InvalidHotLiteralError';
  }
}

/**
 * Runs `fn` in a transaction limited to one tenant, as `withTenant` does (the `leadline_app` role and
 * `app.tenant_id`, both transaction-local, so row-level security applies), but the first round trip
 * carries `BEGIN`, the scope and `prelude` (statements whose only parameters are UUIDs and
 * timestamps, written into the text; they run after the scope, so row-level security applies to
 * them): one simple-query message, one socket write, instead of three. `fn` gets the prelude's
 * results in order (`prelude` may be a function, called once the connection is taken). COMMIT
 * follows `fn` at once; a throw (or `abandon()`) rolls back.
 */
export async function hotTenantTransaction<T>(
  pool: Pool,
  tenantId: string,
  prelude: readonly string[] | (() => readonly string[]),
  fn: (tx: HotTransaction, prelude: QueryResult[]) => Promise<T>,
): Promise<T> {
  if (!isUuid(tenantId)) throw new InvalidTenantIdError(tenantId);
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client reports a connection the server ended (a restart: 57P01) as an 'error'
  // event, which would crash the process unheard; noted here, the client is discarded on release.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  let open = false;
  try {
    // JIT off for the transaction (issue 21, sixth round): a hot statement touches a few rows, but
    // the batch statements' estimates (a JSON array's 100 rows by default, times their subqueries)
    // passed jit_above_cost, and compiling them cost ~400 ms a call in the conversation-step bench
    // (EXPLAIN ANALYZE: JIT emission 350 ms for a 1 ms statement).
    const scope = `SELECT set_config('role', '${TENANT_ROLE}', true), set_config('${TENANT_SETTING}', '${tenantId}', true), set_config('jit', 'off', true)`;
    open = true; // from here on a failure may leave a transaction (or an aborted one) to roll back
    // A prelude given as a function is written once the connection is ours (a batch's time in it,
    // contact-step-batch.ts: not older by the wait for a connection).
    const statements = typeof prelude === 'function' ? prelude() : prelude;
    const results = await client.query([`BEGIN`, scope, ...statements].join(';\n'));
    // pg gives an array for several statements: BEGIN's and the scope's results come first.
    const all = (Array.isArray(results) ? results : [results]) as QueryResult[];
    let abandoned = false;
    let lastWrite: string | undefined;
    const tx: HotTransaction = {
      run: (statement, values) => runHot(client, statement, values),
      abandon: () => {
        abandoned = true;
      },
      commitWith: (sql) => {
        lastWrite = sql;
      },
    };
    const value = await fn(tx, all.slice(2));
    // A failing last write skips the COMMIT sent with it: the catch below rolls back.
    if (abandoned) await client.query('ROLLBACK');
    else await client.query(lastWrite ? `${lastWrite};\nCOMMIT` : 'COMMIT');
    open = false;
    return value;
  } catch (error) {
    if (isConnectionError(error)) broken = error as Error;
    else if (open) {
      // ROLLBACK outside a transaction only warns; a failing one means the connection is unusable.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
    }
    throw error;
  } finally {
    // A connection that failed is not given back to the pool for reuse.
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * PostgreSQL errors (SQLSTATE) and connection failures that say the database was briefly unavailable
 * or busy: the same cases `isTransient` retries without a strike for Prisma's P1001/P1017/P2034…
 * (serialization failure, deadlock, admin shutdown or restart, connection lost, too many connections).
 */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
]);

/** Socket errors of a lost or refused connection. */
const TRANSIENT_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg's own messages for a connection that ended or a pool that had none to give in time. */
const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
];

export function isTransientPgError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_ERRNOS.has(code))) return true;
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((known) => message.includes(known));
}

/** The connection itself failed (it is discarded, not reused): nothing more can be sent on it. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (
    typeof code === 'string' &&
    (code.startsWith('08') || code.startsWith('57P') || TRANSIENT_ERRNOS.has(code))
  )
    return true;
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((known) => message.includes(known));
}
