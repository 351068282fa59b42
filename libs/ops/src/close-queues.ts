import { fulfilsWithin, settlesWithin } from './connections';

/** What a BullMQ Worker offers for shutdown (structural, so this library needs no bullmq). */
export interface ClosableWorker {
  close(force?: boolean): Promise<void>;
  disconnect(): Promise<void>;
  waitUntilReady(): Promise<unknown>;
}

/** What a BullMQ Queue offers for shutdown. */
export interface ClosableQueue {
  close(): Promise<void>;
  disconnect(): Promise<void>;
  waitUntilReady(): Promise<unknown>;
}

export interface CloseQueuesOptions {
  /** How long running jobs may take to finish before they are cut off. */
  timeoutMs: number;
  /** How long Redis may take to answer before it counts as unreachable (default 500 ms). */
  probeMs?: number;
}

/**
 * Closes BullMQ workers (letting running jobs finish) then queues, and always settles: with Redis
 * unreachable, a worker's plain close() waits for a connection that never comes (its ioredis clients
 * retry forever, maxRetriesPerRequest: null), so workers are force-closed at once instead; with Redis
 * up but jobs running past `timeoutMs`, the same (an interrupted job is retried elsewhere).
 * Resolves to how it ended, for the caller's log.
 *
 * With @nestjs/bullmq: its shutdown hook awaits a plain worker.close(), which never settles with Redis
 * unreachable; call this first (beforeApplicationShutdown), after which that close() returns at once.
 */
export async function closeQueues(
  workers: readonly ClosableWorker[],
  queues: readonly ClosableQueue[],
  { timeoutMs, probeMs = 500 }: CloseQueuesOptions,
): Promise<'graceful' | 'forced'> {
  const probe = [...workers, ...queues][0];
  if (!probe) return 'graceful';
  const reachable = await fulfilsWithin(probe.waitUntilReady(), probeMs);
  if (reachable) {
    const graceful = Promise.all(workers.map((worker) => worker.close())).then(() =>
      Promise.all(queues.map((queue) => queue.close())),
    );
    if (await settlesWithin(graceful, timeoutMs)) return 'graceful';
  }
  // Forced: a worker stops without waiting for its jobs or for Redis (a plain close() waits for a
  // connection that never comes). A queue's close() then settles too. Only what still has not closed
  // gets its sockets cut (disconnect() itself waits for a connection, hence bounded).
  const closed = await settlesWithin(
    Promise.all(workers.map((worker) => worker.close(true))).then(() =>
      Promise.all(queues.map((queue) => queue.close())),
    ),
    1_000,
  );
  if (!closed) {
    await settlesWithin(
      Promise.all([...workers, ...queues].map((part) => part.disconnect().catch(() => undefined))),
      1_000,
    );
  }
  return 'forced';
}
