import { GroupCommit, type Waiting } from './group-commit';

interface Item {
  key: string;
  group?: string;
  n: number;
}

/** A writer that records its batches and settles them when the test says. */
function recorder(spec: { distinctKeys?: boolean; grouped?: boolean } = {}) {
  const batches: number[][] = [];
  const open: Array<() => void> = [];
  const commit = new GroupCommit<Item, number>(
    { maxDelayMs: 0, maxRows: 3 },
    {
      write: (batch: Waiting<Item, number>[]) => {
        batches.push(batch.map((waiting) => waiting.item.n));
        return new Promise<void>((resolve) =>
          open.push(() => {
            batch.forEach((waiting) => waiting.resolve(waiting.item.n));
            resolve();
          }),
        );
      },
      keyOf: (item) => item.key,
      distinctKeys: spec.distinctKeys,
      groupOf: spec.grouped ? (item) => item.group ?? '' : undefined,
    },
  );
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
  const commitNext = async () => {
    open.shift()?.();
    await tick();
  };
  return { commit, batches, tick, commitNext };
}

describe('GroupCommit', () => {
  it('writes what arrived together as one batch, at most maxRows, and settles each caller', async () => {
    const { commit, batches, tick, commitNext } = recorder();
    const results = [1, 2, 3, 4].map((n) => commit.submit({ key: `k${n}`, n }));
    await tick();
    expect(batches).toEqual([[1, 2, 3]]);
    await commitNext();
    expect(batches).toEqual([[1, 2, 3], [4]]);
    await commitNext();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
  });

  it('holds a key once per batch with distinctKeys, and keeps its later items behind it', async () => {
    const { commit, batches, tick, commitNext } = recorder({ distinctKeys: true });
    const results = [
      commit.submit({ key: 'a', n: 1 }),
      commit.submit({ key: 'a', n: 2 }),
      commit.submit({ key: 'b', n: 3 }),
    ];
    await tick();
    expect(batches).toEqual([[1, 3]]);
    await commitNext();
    expect(batches).toEqual([[1, 3], [2]]);
    await commitNext();
    await Promise.all(results);
  });

  it('puts only one group in a batch (the first waiting item’s), in submission order', async () => {
    const { commit, batches, tick, commitNext } = recorder({ grouped: true });
    const results = [
      commit.submit({ key: 'a', group: 't1', n: 1 }),
      commit.submit({ key: 'b', group: 't2', n: 2 }),
      commit.submit({ key: 'c', group: 't1', n: 3 }),
    ];
    await tick();
    expect(batches).toEqual([[1, 3]]);
    await commitNext();
    expect(batches).toEqual([[1, 3], [2]]);
    await commitNext();
    await Promise.all(results);
  });

  it('rejects every caller of a batch whose writer throws', async () => {
    const commit = new GroupCommit<Item, number>(
      { maxDelayMs: 0, maxRows: 10 },
      {
        write: async () => {
          throw new Error('database away');
        },
        keyOf: (item) => item.key,
      },
    );
    const results = await Promise.allSettled([
      commit.submit({ key: 'a', n: 1 }),
      commit.submit({ key: 'b', n: 2 }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
