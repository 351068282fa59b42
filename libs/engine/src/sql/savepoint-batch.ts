import type { Pool, QueryResult } from 'pg';
import { scopeSql } from './batch-transaction';
import { isConnectionError, runHot, type HotTransaction } from './hot-sql';

/** A step's outcome in a savepoint batch: its value, or the error its savepoint was rolled back for. */
export type SavepointOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs several steps in ONE transaction scoped to one tenant (the `leadline_app` role and
 * `app.tenant_id`, transaction-local, as hotTenantTransaction), each step in a savepoint of its own:
 * a step that throws (a poison event) or abandons (FALLBACK) is rolled back to its savepoint and
 * the others commit. One COMMIT, one WAL flush, for the whole batch (group commit of steps).
 *
 * Round trips: each step's `prelude` (statements whose only parameters are UUIDs written into the
 * text, as hotTenantTransaction's) travels with `SAVEPOINT` and with what the step before left
 * to do (`RELEASE`, or `ROLLBACK TO` after a failure), the first one with BEGIN and the scope;
 * COMMIT ends the batch. A step costs its prelude's round trip plus its own statements.
 *
 * Failures: a step's own error (a statement's or a throw) is its outcome; the connection failing, or
 * a prelude, a rollback to a savepoint or the COMMIT failing, is the batch's: this rejects, the
 * transaction is rolled back, nothing of the batch is written.
 */
export async function savepointBatch<S, T>(
  pool: Pool,
  tenantId: string,
  steps: readonly S[],
  prelude: (step: S) => string,
  fn: (tx: HotTransaction, prelude: QueryResult, step: S) => Promise<T>,
): Promise<SavepointOutcome<T>[]> {
  let head = ['BEGIN', scopeSql(tenantId)]; // checks the tenant id before a connection is taken
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client reports a connection the server ended as an 'error' event, which would
  // crash the process unheard; noted here, the client is discarded on release.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  let open = false;
  const outcomes: SavepointOutcome<T>[] = [];
  try {
    open = true; // from here on a failure may leave a transaction (or an aborted one) to roll back
    for (const step of steps) {
      const results = await client.query([...head, 'SAVEPOINT step', prelude(step)].join(';\n'));
      const all = (Array.isArray(results) ? results : [results]) as QueryResult[];
      let abandoned = false;
      const tx: HotTransaction = {
        run: (statement, values) => runHot(client, statement, values),
        abandon: () => {
          abandoned = true;
        },
        commitWith: () => {
          throw new Error('savepointBatch: a step cannot add to the batch COMMIT');
        },
      };
      try {
        outcomes.push({ ok: true, value: await fn(tx, all[all.length - 1], step) });
      } catch (error) {
        if (isConnectionError(error)) throw error;
        outcomes.push({ ok: false, error });
        abandoned = true;
      }
      // Sent with the next step's prelude (or the COMMIT): no round trip of its own. After a failed
      // statement the transaction is aborted until ROLLBACK TO, which the same message sends first.
      head = abandoned
        ? ['ROLLBACK TO SAVEPOINT step', 'RELEASE SAVEPOINT step']
        : ['RELEASE SAVEPOINT step'];
    }
    const ended = await client.query([...head, 'COMMIT'].join(';\n'));
    open = false;
    // COMMIT in a transaction left aborted answers ROLLBACK without an error: nothing was written.
    const last = (Array.isArray(ended) ? ended[ended.length - 1] : ended) as QueryResult;
    if (last.command !== 'COMMIT') throw new Error(`savepointBatch: the batch ended in ${last.command}`);
    return outcomes;
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
    client.off('error', onError);
    client.release(broken);
  }
}
