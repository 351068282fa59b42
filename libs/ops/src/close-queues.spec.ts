import { closeQueues, type ClosableWorker } from './close-queues';

const never = () => new Promise<void>(() => undefined);

/** A fake BullMQ part recording what was called; `ready`/`closes` say how Redis behaves. */
function part(options: { ready: boolean; closes: boolean }) {
  const calls: string[] = [];
  const fake: ClosableWorker & { calls: string[] } = {
    calls,
    waitUntilReady: () => (calls.push('ready'), options.ready ? Promise.resolve() : never()),
    close: (force?: boolean) => (
      calls.push(force ? 'close(force)' : 'close'),
      options.closes || force ? Promise.resolve() : never()
    ),
    // Like BullMQ's: waits for a connection, so with Redis unreachable it never settles.
    disconnect: () => (calls.push('disconnect'), options.ready ? Promise.resolve() : never()),
  };
  return fake;
}

describe('closeQueues', () => {
  it('closes workers then queues gracefully when Redis answers', async () => {
    const worker = part({ ready: true, closes: true });
    const queue = part({ ready: true, closes: true });
    await expect(closeQueues([worker], [queue], { timeoutMs: 1_000 })).resolves.toBe('graceful');
    expect(worker.calls).toEqual(['ready', 'close']);
    expect(queue.calls).toEqual(['close']);
  });

  it('force-closes at once when Redis is unreachable (a plain close would never settle)', async () => {
    const worker = part({ ready: false, closes: false });
    const queue = part({ ready: false, closes: true });
    const started = Date.now();
    await expect(closeQueues([worker], [queue], { timeoutMs: 60_000, probeMs: 20 })).resolves.toBe('forced');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(worker.calls).toEqual(['ready', 'close(force)']);
    expect(queue.calls).toEqual(['close']);
  });

  it('force-closes workers whose jobs outlast the timeout, then closes the queues', async () => {
    const worker = part({ ready: true, closes: false });
    const queue = part({ ready: true, closes: true });
    await expect(closeQueues([worker], [queue], { timeoutMs: 30 })).resolves.toBe('forced');
    expect(worker.calls).toEqual(['ready', 'close', 'close(force)']);
    expect(queue.calls).toEqual(['close']);
  });

  it('cuts the sockets of what still does not close, and settles all the same', async () => {
    const worker = part({ ready: false, closes: false });
    const queue = part({ ready: false, closes: false });
    const started = Date.now();
    await expect(closeQueues([worker], [queue], { timeoutMs: 60_000, probeMs: 20 })).resolves.toBe('forced');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(worker.calls).toEqual(['ready', 'close(force)', 'disconnect']);
    expect(queue.calls).toEqual(['close', 'disconnect']);
  });
});
