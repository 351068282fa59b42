import { Client } from 'pg';

/**
 * Counts the foreign-key (RI trigger) checks PostgreSQL runs for this process's statements,
 * deterministically: auto_explain, loaded into every session of the process's node-postgres clients
 * (Prisma's driver adapter and the engine's plain-SQL paths both use them), explains every statement,
 * the nested ones too, and sends each plan to the client as a NOTICE (log_level = notice), where this
 * counter reads it. Two things are counted:
 *  - `checks`: each RI check query PostgreSQL ran (`SELECT 1 FROM ONLY <table> x WHERE <key> = $1 ...
 *    FOR KEY SHARE OF x`: a key probe of the referenced table and a row lock), by referenced table
 *    and columns. A NULL foreign key runs none (MATCH SIMPLE);
 *  - `calls`: the RI triggers' invocations by constraint (the explain's Triggers section of the
 *    statement that wrote the row): every inserted row fires each foreign key's trigger of its table,
 *    NULL or not, and an update fires it only if the key changed. A deferred key's checks run at
 *    COMMIT, outside any statement's plan: they are in `checks`, not in `calls`.
 * The process's PostgreSQL user must be a superuser (LOAD, auto_explain's settings): the tests' is.
 */
export interface FkCheckCounter {
  /** Checks and trigger calls since the last `take` (or since the counter was installed). */
  take(): FkChecks;
  uninstall(): void;
}

export interface FkChecks {
  /** RI check queries run, by referenced `table(columns)`. */
  checks: Record<string, number>;
  /** RI trigger calls of the referencing side (the checks' triggers), by constraint name. */
  calls: Record<string, number>;
  total: number;
  /** Every statement explained (top level and nested), its text's first line: to tell when work stopped. */
  statements: string[];
}

/**
 * Session settings, sent once on each client outside any transaction: on a new connection right after
 * it is made, before the query it was opened for; on a connection made before install, before its
 * first query that finds it idle outside a transaction. Sent inside one, a ROLLBACK would undo the
 * SETs and the connection would silently stop being counted.
 */
const SETUP = [
  "LOAD 'auto_explain'",
  'SET auto_explain.log_min_duration = 0',
  'SET auto_explain.log_nested_statements = on',
  'SET auto_explain.log_analyze = on',
  'SET auto_explain.log_timing = off',
  'SET auto_explain.log_triggers = on',
  'SET auto_explain.log_format = json',
  'SET auto_explain.log_level = notice',
].join('; ');

const RI_QUERY = /^SELECT 1 FROM ONLY "[^"]+"\."([^"]+)" x WHERE (.+) FOR KEY SHARE OF x$/;

interface ExplainedPlan {
  'Query Text'?: string;
  Triggers?: Array<{ 'Constraint Name'?: string; 'Trigger Name'?: string; Calls?: number }>;
}

export function installFkCheckCounter(): FkCheckCounter {
  const originalQuery = Client.prototype.query;
  const originalEmit = Client.prototype.emit;
  const originalConnect = Client.prototype.connect;
  const prepared = new WeakSet<Client>();
  let checks: Record<string, number> = {};
  let calls: Record<string, number> = {};
  let statements: string[] = [];

  function record(text: string): void {
    const start = text.indexOf('{');
    if (start < 0) return;
    const plan = JSON.parse(text.slice(start)) as ExplainedPlan;
    statements.push((plan['Query Text'] ?? '').replace(/\s+/g, ' ').trim().slice(0, 120));
    const query = RI_QUERY.exec(plan['Query Text'] ?? '');
    if (query) {
      const columns = [...query[2].matchAll(/"([^"]+)" OPERATOR/g)].map((m) => m[1]).join(', ');
      const key = `${query[1]}(${columns})`;
      checks[key] = (checks[key] ?? 0) + 1;
    }
    for (const trigger of plan.Triggers ?? []) {
      // RI triggers of the referencing side are named RI_ConstraintTrigger_c_<oid> ("c": check).
      if (!trigger['Constraint Name'] || !/^RI_ConstraintTrigger_c_/.test(trigger['Trigger Name'] ?? ''))
        continue;
      calls[trigger['Constraint Name']] = (calls[trigger['Constraint Name']] ?? 0) + (trigger.Calls ?? 0);
    }
  }

  Client.prototype.emit = function (this: Client, event: string | symbol, ...args: unknown[]) {
    if (event === 'notice') {
      const message = String((args[0] as { message?: string })?.message ?? '');
      if (message.startsWith('duration:')) record(message);
    }
    return originalEmit.apply(this, [event, ...args]);
  } as typeof Client.prototype.emit;

  function sendSetup(client: Client): void {
    prepared.add(client);
    // Queued before any other query on the connection (node-postgres runs a client's queries in
    // order); its result is not awaited by anyone but cannot fail on a superuser.
    void (originalQuery as (text: string) => Promise<unknown>).call(client, SETUP).catch(() => undefined);
  }

  Client.prototype.connect = function (this: Client, callback?: (error: Error | undefined) => void) {
    const connect = originalConnect as (this: Client, cb?: (error?: Error) => void) => Promise<Client> | void;
    if (callback) {
      // A pool's form: the pool hands the client out from this callback, so the setup goes first.
      return connect.call(this, (error?: Error) => {
        if (!error) sendSetup(this);
        callback(error);
      });
    }
    return (connect.call(this) as Promise<Client>).then((client) => {
      sendSetup(this);
      return client;
    });
  } as typeof Client.prototype.connect;

  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    if (!prepared.has(this) && idleOutsideTransaction(this)) sendSetup(this);
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;

  return {
    take() {
      const total = Object.values(checks).reduce((sum, n) => sum + n, 0);
      const taken = { checks, calls, total, statements };
      checks = {};
      calls = {};
      statements = [];
      return taken;
    },
    uninstall() {
      Client.prototype.query = originalQuery;
      Client.prototype.emit = originalEmit;
      Client.prototype.connect = originalConnect;
    },
  };
}

/**
 * Whether nothing runs or waits on the connection and its last ReadyForQuery said "idle, no
 * transaction" (node-postgres keeps that status in a private field; 'T' is in a transaction).
 */
function idleOutsideTransaction(client: Client): boolean {
  const state = client as unknown as {
    _txStatus?: string | null;
    _activeQuery?: unknown;
    _queryQueue?: unknown[];
  };
  return state._txStatus === 'I' && !state._activeQuery && (state._queryQueue?.length ?? 0) === 0;
}
