import { Client } from 'pg';

/**
 * Counts the SQL statements this process sends to PostgreSQL through node-postgres (which Prisma's
 * driver adapter and the engine's plain-SQL paths both use): every `Client.query` call, and among
 * them the transactions begun. Deterministic, unlike timing: a change that adds a round trip to the
 * hot path shows up as a number, not as noise.
 */
export interface StatementCounter {
  /** Statements and transactions since the last `take` (or since the counter was installed). */
  take(): { statements: number; transactions: number; texts: string[] };
  uninstall(): void;
}

export function installStatementCounter(): StatementCounter {
  const original = Client.prototype.query;
  let texts: string[] = [];
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : String((first as { text?: string })?.text ?? '');
    texts.push(text.replace(/\s+/g, ' ').trim().slice(0, 160));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  return {
    take() {
      const taken = texts;
      texts = [];
      return {
        statements: taken.length,
        transactions: taken.filter((text) => /^BEGIN\b/i.test(text)).length,
        texts: taken,
      };
    },
    uninstall() {
      Client.prototype.query = original;
    },
  };
}
