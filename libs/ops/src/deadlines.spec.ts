import { fulfilsWithin, settlesWithin, withDeadline } from './connections';

const after = <T>(ms: number, value: T, fail = false) =>
  new Promise<T>((resolve, reject) =>
    setTimeout(() => (fail ? reject(new Error('boom')) : resolve(value)), ms),
  );

describe('bounded waits for shutdown', () => {
  it('withDeadline gives the result in time, or "timeout"', async () => {
    await expect(withDeadline(after(5, 'done'), 200)).resolves.toBe('done');
    await expect(withDeadline(after(200, 'late'), 20)).resolves.toBe('timeout');
  });

  it('settlesWithin counts a rejection as settled, a slow promise as not', async () => {
    await expect(settlesWithin(after(5, 1), 200)).resolves.toBe(true);
    await expect(settlesWithin(after(5, 1, true), 200)).resolves.toBe(true);
    await expect(settlesWithin(after(200, 1), 20)).resolves.toBe(false);
  });

  it('fulfilsWithin is true only for a promise that resolved in time', async () => {
    await expect(fulfilsWithin(after(5, 1), 200)).resolves.toBe(true);
    await expect(fulfilsWithin(after(5, 1, true), 200)).resolves.toBe(false);
    await expect(fulfilsWithin(after(200, 1), 20)).resolves.toBe(false);
  });
});
