import type { Server } from 'node:http';

export type DrainOutcome = 'drained' | 'timed-out' | 'not-listening';

/**
 * Stops accepting connections, lets in-flight requests finish for up to `timeoutMs`, then cuts
 * whatever is left. Idle keep-alive connections are closed as soon as their response is sent.
 */
export async function drainHttpServer(server: Server, timeoutMs: number): Promise<DrainOutcome> {
  if (!server.listening) return 'not-listening';
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    server.closeIdleConnections();
    const outcome = await Promise.race([closed.then(() => 'drained' as const), deadline]);
    if (outcome === 'timed-out') {
      server.closeAllConnections();
      await closed;
    }
    return outcome;
  } finally {
    clearInterval(sweeper);
    clearTimeout(timer);
  }
}
