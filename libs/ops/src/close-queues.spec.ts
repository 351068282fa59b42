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
    disconnect: () => (calls.push('disconnect'), Promise.resolve()),
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

  it('cuts the connections at once when Redis is unreachable (close would never settle)', async () => {
    const worker = part({ ready: false, closes: false });
    const queue = part({ ready: false, closes: false });
    const started = Date.now();
    await expect(closeQueues([worker], [queue], { timeoutMs: 60_000, probeMs: 20 })).resolves.toBe('forced');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(worker.calls).toEqual(['ready', 'close(force)', 'disconnect']);
    expect(queue.calls).toEqual(['disconnect']);
  });

  it('force-closes workers whose jobs outlast the timeout', async () => {
    const worker = part({ ready: true, closes: false });
    const queue = part({ ready: true, closes: true });
    await expect(closeQueues([worker], [queue], { timeoutMs: 30 })).resolves.toBe('forced');
    expect(worker.calls).toEqual(['ready', 'close', 'close(force)', 'disconnect']);
    expect(queue.calls).toEqual(['disconnect']);
  });
});
