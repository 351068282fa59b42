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

  const parsedLines = (): Record<string, unknown>[] =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  const waitForLogLine: SpawnedProcess['waitForLogLine'] = (predicate, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = () => {
        const match = parsedLines().find(predicate);
        if (match) return resolve(match);
        if (child.exitCode !== null || Date.now() > deadline) {
          return reject(
            new Error(`log line not found (exit ${child.exitCode})\nstdout:\n${out}\nstderr:\n${err}`),
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
