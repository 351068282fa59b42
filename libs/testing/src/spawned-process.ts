import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The checkout the entry points are run from (their paths are relative to it). */
export const REPO_ROOT = join(__dirname, '../../..');

export interface SpawnedProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first parsed JSON log line matching `predicate`. */
  waitForLogLine: (
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ) => Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a TypeScript entry point the way development does: `node -r @swc-node/register <entry>`. */
export function spawnEntry(entry: string, env: Record<string, string>): SpawnedProcess {
  return spawnCommand(process.execPath, ['-r', '@swc-node/register', entry], { env });
}

/** Runs any command (e.g. `node dist/apps/api/src/main.js`, compiled) with captured output. */
export function spawnCommand(
  command: string,
  args: readonly string[],
  { env, cwd = REPO_ROOT }: { env: Record<string, string>; cwd?: string },
): SpawnedProcess {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  // Only complete lines: output arrives in chunks, and under load a chunk can end in the middle of a
  // log line. A half line must wait for its end, not throw from the poll timer (which would leave
  // the wait hanging until the test's own timeout, with no output to say why).
  const parsedLines = (): Record<string, unknown>[] =>
    out
      .slice(0, out.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return []; // a line that merely starts with "{", not a log line
        }
      });

  const waitForLogLine: SpawnedProcess['waitForLogLine'] = (predicate, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = () => {
        const match = parsedLines().find(predicate);
        if (match) return resolve(match);
        // A child killed by a signal has no exit code, only a signal code.
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
          return reject(
            new Error(
              `log line not found (exit ${child.exitCode ?? child.signalCode})\nstdout:\n${out}\nstderr:\n${err}`,
            ),
          );
        }
        setTimeout(poll, 50);
      };
      poll();
    });

  return { child, stdout: () => out, stderr: () => err, waitForLogLine, exited };
}

/** Kills a child that a failing test left running. */
export function killIfRunning(spawned: SpawnedProcess | undefined): void {
  if (spawned && spawned.child.exitCode === null && spawned.child.signalCode === null)
    spawned.child.kill('SIGKILL');
}
