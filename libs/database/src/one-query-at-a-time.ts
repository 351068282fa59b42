import type { PrismaPg } from '@prisma/adapter-pg';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/**
 * An interactive transaction is one pg connection, and a connection runs one query at a time. Prisma
 * still sends a transaction's queries at once where it reads several relations of a row (`include`
 * of two relations: one query each, started together), which pg queues for now and warns about
 * ("Calling client.query() when the client is already executing a query is deprecated") and pg@9
 * will refuse. This puts each transaction's queries in line: each starts when the one before it has
 * ended, which is what pg did anyway, without leaning on the queue pg is removing. Queries outside a
 * transaction go to the pool, which hands each its own connection, and are left alone.
 */
export function oneQueryAtATime(factory: PrismaPg): PrismaPg {
  return overriding(factory, { connect: async () => inLineTransactions(await factory.connect()) });
}

function inLineTransactions(adapter: Adapter): Adapter {
  return overriding(adapter, {
    startTransaction: async (...args: Parameters<Adapter['startTransaction']>) =>
      inLine(await adapter.startTransaction(...args)),
  });
}

/** What a transaction does on its connection; each waits for the one called before it to end. */
const ON_THE_CONNECTION = [
  'queryRaw',
  'executeRaw',
  'createSavepoint',
  'rollbackToSavepoint',
  'releaseSavepoint',
  'commit',
  'rollback',
] as const;

/** The transaction with its statements run one after the other, in the order they were called. */
export function inLine(transaction: Transaction): Transaction {
  let last: Promise<unknown> = Promise.resolve();
  const queued: Record<string, unknown> = {};
  for (const name of ON_THE_CONNECTION) {
    const method = transaction[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (typeof method !== 'function') continue;
    queued[name] = (...args: unknown[]) => {
      // The target calls its own methods directly (a savepoint is an executeRaw), never back into
      // this line, so nothing here waits on itself.
      const run = () => method.apply(transaction, args);
      const next = last.then(run, run);
      last = next.catch(() => undefined);
      return next;
    };
  }
  return overriding(transaction, queued);
}

/**
 * The object with some members replaced; every other member read from it as is, methods bound to
 * it (the adapter's classes keep private fields that a proxy as `this` cannot reach).
 */
function overriding<T extends object>(target: T, members: Record<string, unknown>): T {
  return new Proxy(target, {
    get(object, property) {
      if (typeof property === 'string' && Object.hasOwn(members, property)) return members[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
