import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const WORKER_SCRIPT = 'tools/engine-soak/engine-worker.ts';

/**
 * The engine worker of tools/engine-soak in a child process. It loads its modules at once but starts
 * the engine only on `go()`, so the next worker can be loaded while the current one still runs.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  /** Modules loaded; the worker waits for go(). */
  readonly loaded: Promise<void>;
  /** The engine runs. */
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stderr: string[] = [];
  private out = '';

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', WORKER_SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, SOAK_WAIT_FOR_GO: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.out += chunk.toString('utf8');
    });
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
    this.loaded = this.line('loaded');
    this.ready = this.line('ready');
  }

  /** Resolves when the worker printed the line; rejects if it exits first. */
  private line(text: string): Promise<void> {
    const seen = new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.out.includes(`${text}\n`)) resolve();
      };
      this.child.stdout?.on('data', check);
      void this.exited.then(({ code, signal }) =>
        reject(
          new Error(`engine worker exited before "${text}" (${code ?? signal}): ${this.stderr.join('')}`),
        ),
      );
    });
    seen.catch(() => undefined);
    return seen;
  }

  go(): void {
    this.child.stdin?.write('go\n');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}
