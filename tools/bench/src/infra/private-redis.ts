import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';

/**
 * Commands run between two `commandCalls()` readings, INFO itself (the readings) left out, the most
 * frequent first.
 */
export function commandsBetween(
  before: Record<string, number>,
  after: Record<string, number>,
): Array<readonly [string, number]> {
  return Object.keys(after)
    .map((command) => [command, after[command] - (before[command] ?? 0)] as const)
    .filter(([command, calls]) => calls > 0 && command !== 'info')
    .sort((a, b) => b[1] - a[1]);
}

/**
 * A redis-server of the bench's own on a loopback port, without persistence: restarting it loses
 * every queue, timer and lock, the worst case the engine must recover from (from PostgreSQL).
 */
export class PrivateRedis {
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.child = child;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const client = new Redis(this.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        client.disconnect();
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills the server (everything in memory is gone) and starts an empty one on the same port. */
  async restart(downtimeMs: number): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    await this.start();
  }

  /** Bytes of memory the server uses (INFO memory, used_memory). */
  async usedMemory(): Promise<number> {
    const client = new Redis(this.port, '127.0.0.1');
    try {
      const info = await client.info('memory');
      return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    } finally {
      client.disconnect();
    }
  }

  /** Calls so far by command (INFO commandstats): a difference of two readings is what clients ran. */
  async commandCalls(): Promise<Record<string, number>> {
    const client = new Redis(this.port, '127.0.0.1');
    try {
      const info = await client.info('commandstats');
      const calls: Record<string, number> = {};
      for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]] = Number(match[2]);
      return calls;
    } finally {
      client.disconnect();
    }
  }
}
