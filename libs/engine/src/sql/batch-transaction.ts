import { InvalidTenantIdError, isUuid, TENANT_ROLE, TENANT_SETTING } from '@leadline/database';
import type { Pool } from 'pg';
import { runHot, type HotStatement } from './hot-sql';

/** A transaction that writes for several tenants in turn (group commit), each scoped as withTenant. */
export interface BatchTransaction {
  /**
   * Scopes what follows to one tenant: the `leadline_app` role and `app.tenant_id`, both
   * transaction-local, so row-level security checks every row of every later statement. The first
   * scope travels with BEGIN (one round trip); each later one switches tenant in one more.
   */
  scope(tenantId: string): Promise<void>;
  run<R>(statement: HotStatement<R>, values: unknown[]): Promise<R[]>;
  /** Ends the transaction with ROLLBACK instead of COMMIT (the caller takes another path). */
  abandon(): void;
}

/** The tenant scope as SQL text (transaction-local); the tenant id is checked to be a UUID. */
export function scopeSql(tenantId: string): string {
  // Written into the text (a simple query, so it can go with BEGIN): only a checked UUID qualifies.
  if (!isUuid(tenantId)) throw new InvalidTenantIdError(tenantId);
  return `SELECT set_config('role', '${TENANT_ROLE}', true), set_config('${TENANT_SETTING}', '${tenantId}', true)`;
}

/**
 * Runs `fn` in one transaction on a pooled node-postgres connection, as hotTenantTransaction
 * (hot-sql.ts) does for one tenant, for a batch of several: BEGIN goes with the first tenant's
 * scope, COMMIT follows `fn` at once; a throw (or `abandon()`) rolls back, so either all of `fn`'s
 * writes are committed or none. The caller learns of the commit only when this resolves: a webhook
 * answered after it is durable.
 */
export async function batchTransaction<T>(pool: Pool, fn: (tx: BatchTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client reports a connection the server ended as an 'error' event, which would
  // crash the process unheard; noted here, the client is discarded on release.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  let open = false;
  try {
    let abandoned = false;
    const tx: BatchTransaction = {
      scope: async (tenantId) => {
        const sql = scopeSql(tenantId);
        if (open) await client.query(sql);
        else {
          open = true; // from here on a failure may leave a transaction to roll back
          await client.query(`BEGIN;\n${sql}`);
        }
      },
      run: (statement, values) => {
        if (!open) throw new Error('batchTransaction: scope a tenant before the first statement');
        return runHot(client, statement, values);
      },
      abandon: () => {
        abandoned = true;
      },
    };
    const value = await fn(tx);
    if (open) await client.query(abandoned ? 'ROLLBACK' : 'COMMIT');
    open = false;
    return value;
  } catch (error) {
    if (open) {
      // ROLLBACK outside a transaction only warns; a failing one means the connection is unusable.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
    }
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
