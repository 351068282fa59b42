import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Ports private servers are tried on: below Linux's ephemeral range (32768-60999), where the kernel
 * picks the ports of `listen(0)` and outgoing connections. So a test's "port nothing listens on"
 * (closedPort, freePort) can never become one of these servers a moment later.
 */
const PORT_RANGE = { from: 20_000, to: 32_000 };
const START_TIMEOUT_MS = 15_000;
const ATTEMPTS = 20;

export interface PrivateRedisServer {
  port: number;
  /** redis://127.0.0.1:<port>/0 */
  url: string;
  stop(): Promise<void>;
}

/** The redis-server binary on PATH, or undefined when Redis is not installed here. */
export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A redis-server only the caller knows, on a free loopback port, without persistence. Nothing else
 * on the machine (another test file, another Jest run, a developer's app) can flush or lock its data.
 *
 * It is started under a small `sh` watchdog that reads our end of a pipe: when this process goes
 * away in any way (even SIGKILL, which runs no exit handler), the pipe closes and the watchdog kills
 * the server, so no orphan is left behind.
 */
export async function startPrivateRedis(binary = findRedisServer()): Promise<PrivateRedisServer> {
  if (!binary) throw new Error('redis-server is not installed (not found on PATH)');
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    try {
      return await startOn(binary, port);
    } catch (error) {
      lastError = error as Error;
      if (!/address already in use|could not create server tcp/i.test(lastError.message)) throw error;
    }
  }
  throw new Error(
    `no free port for a private redis-server after ${ATTEMPTS} attempts: ${lastError?.message}`,
  );
}

// fd 3 keeps the pipe from us: a background job's stdin would be /dev/null otherwise.
const WATCHDOG = 'exec 3<&0; "$0" "$@" & pid=$!; (read _ <&3; kill -9 $pid 2>/dev/null) & wait $pid';

function startOn(binary: string, port: number): Promise<PrivateRedisServer> {
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    ...['--dir', tmpdir(), '--daemonize', 'no', '--loglevel', 'notice'],
  ];
  const child = spawn('sh', ['-c', WATCHDOG, binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start in ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // Our own server's log, not a PING that another server on the port might answer.
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        child.stdout!.off('data', onOutput);
        child.stdout!.resume();
        child.stderr!.resume();
        // Never keep a test process alive on our account: it ends, the pipe closes, the server goes.
        child.unref();
        for (const stream of [child.stdout, child.stderr, child.stdin]) {
          (stream as unknown as { unref?: () => void }).unref?.();
        }
        resolve({ port, url: `redis://127.0.0.1:${port}/0`, stop: () => stop(child, exited) });
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop(child, exited);
      reject(error);
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', fail);
    void exited.then(() =>
      fail(new Error(`redis-server on port ${port} exited: ${output.trim().slice(-500)}`)),
    );
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  // Closing the pipe makes the watchdog kill the server; the watchdog then exits. Wait for it even
  // when nothing else keeps this process alive.
  child.ref();
  child.stdin?.end();
  if (child.exitCode === null && child.signalCode === null) await exited;
}
