import { Callers, GroupCommit, type GroupCommitOptions, type Waiting } from './group-commit';

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

  describe('skipLoneWait (issue 21, eighth round)', () => {
    /** A group commit whose wait is a minute: a batch written within a turn did not wait for it. */
    function counted(options: Partial<GroupCommitOptions> = {}) {
      const batches: number[][] = [];
      const callers = new Callers();
      const commit = new GroupCommit<Item, number>(
        { maxDelayMs: 60_000, maxRows: 10, skipLoneWait: true, ...options },
        {
          write: async (batch) => {
            batches.push(batch.map((waiting) => waiting.item.n));
            batch.forEach((waiting) => waiting.resolve(waiting.item.n));
          },
          keyOf: (item) => item.key,
          callers: () => callers.count,
        },
      );
      const turn = () => new Promise((resolve) => setImmediate(resolve));
      return { commit, batches, callers, turn };
    }

    it('writes a lone caller’s item at the end of the turn, with no timer armed', async () => {
      const { commit, batches, callers, turn } = counted();
      const armed = jest.spyOn(global, 'setTimeout');
      const ended = callers.enter();
      const result = commit.submit({ key: 'a', n: 1 });
      await turn();
      expect(batches).toEqual([[1]]);
      expect(armed).not.toHaveBeenCalled();
      expect(commit.waits).toEqual({ timed: 0, immediate: 1 });
      expect(await result).toBe(1);
      ended();
      armed.mockRestore();
    });

    it('keeps together what callers entering in one turn submit (a claim of fired timers)', async () => {
      const { commit, batches, callers, turn } = counted();
      const results = [1, 2, 3].map((n) => {
        callers.enter();
        return commit.submit({ key: `k${n}`, n });
      });
      await turn();
      expect(batches).toEqual([[1, 2, 3]]);
      expect(commit.waits).toEqual({ timed: 0, immediate: 1 });
      await Promise.all(results);
    });

    it('waits for a caller under way that has not submitted, and goes once it has', async () => {
      const { commit, batches, callers, turn } = counted();
      callers.enter();
      const secondEnded = callers.enter();
      const first = commit.submit({ key: 'a', n: 1 });
      await turn();
      expect(batches).toEqual([]); // the other caller may still submit: the timed wait
      const second = commit.submit({ key: 'b', n: 2 });
      await turn();
      expect(batches).toEqual([[1, 2]]);
      expect(commit.waits).toEqual({ timed: 0, immediate: 1 });
      await Promise.all([first, second]);
      secondEnded();
    });

    it('goes once the caller it waited for ended without submitting', async () => {
      const { commit, batches, callers, turn } = counted();
      callers.enter();
      const otherEnded = callers.enter();
      const result = commit.submit({ key: 'a', n: 1 });
      await turn();
      expect(batches).toEqual([]);
      otherEnded(); // a caller ending is no submit: the wait runs its course (or the next submit)
      const next = commit.submit({ key: 'b', n: 2 });
      await turn();
      expect(batches).toEqual([[1, 2]]);
      await Promise.all([result, next]);
    });

    it('keeps the timed wait when the callers are not counted, or the option is off', async () => {
      for (const { options, enter } of [
        { options: {}, enter: false },
        { options: { skipLoneWait: false }, enter: true },
      ]) {
        const { commit, batches, callers, turn } = counted(options);
        if (enter) callers.enter();
        const result = commit.submit({ key: 'a', n: 1 });
        await turn();
        expect(batches).toEqual([]);
        await commit.flush();
        expect(batches).toEqual([[1]]);
        expect(commit.waits).toEqual({ timed: 0, immediate: 0 });
        await result;
      }
    });
  });

  it('drain writes what waits at once, and every later item without the batch wait', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<Item, number>(
      { maxDelayMs: 60_000, maxRows: 10 },
      {
        write: async (batch) => {
          batches.push(batch.map((waiting) => waiting.item.n));
          batch.forEach((waiting) => waiting.resolve(waiting.item.n));
        },
        keyOf: (item) => item.key,
      },
    );
    const first = commit.submit({ key: 'a', n: 1 }); // waits a minute for others
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batches).toEqual([]);
    await commit.drain();
    expect(batches).toEqual([[1]]);
    // Submitted after the drain (a job the shutdown let finish): written in its own turn, not in a minute.
    const later = commit.submit({ key: 'b', n: 2 });
    expect(await Promise.all([first, later])).toEqual([1, 2]);
    expect(batches).toEqual([[1], [2]]);
  });
});
