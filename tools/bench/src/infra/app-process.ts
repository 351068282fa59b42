import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * One of the real apps (apps/api or apps/worker) in a child process, started as in production
 * (`node -r @swc-node/register apps/<app>/src/main.ts`), its output appended to a log file.
 */
export class AppProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  starts = 0;

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
    /** GET this answers 200 once the app is up (/ready). */
    private readonly readyUrl: string,
    private readonly logFile: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['-r', '@swc-node/register', this.script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.starts += 1;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${this.name} exited during start-up; see ${this.logFile}`);
      try {
        const response = await fetch(this.readyUrl, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready after ${timeoutMs} ms; see ${this.logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /**
   * Starts a CPU profile of the running app (SIGUSR2, see @leadline/ops installCpuProfileSignal; the
   * app must run with CPU_PROFILE_DIR set to `dir`).
   */
  async startProfile(): Promise<void> {
    if (!this.running) throw new Error(`${this.name} is not running`);
    this.child?.kill('SIGUSR2');
    // The inspector starts sampling within milliseconds; the first few samples are not worth a handshake.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  /** Stops the profile started by startProfile and returns the .cpuprofile file it wrote into `dir`. */
  async stopProfile(dir: string, timeoutMs = 30_000): Promise<string> {
    const mine = (entry: string) =>
      entry.startsWith(`${this.profileName}-${this.pid}-`) && entry.endsWith('.cpuprofile');
    const before = new Set(readdirSync(dir).filter(mine));
    this.child?.kill('SIGUSR2');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const file = readdirSync(dir).find((entry) => mine(entry) && !before.has(entry));
      if (file) {
        try {
          JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
          return `${dir}/${file}`;
        } catch {
          // still being written
        }
      }
      if (Date.now() > deadline)
        throw new Error(`${this.name} wrote no CPU profile into ${dir}; see ${this.logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The name the app gives its profiles (installCpuProfileSignal's `name`). */
  private get profileName(): string {
    return this.name.startsWith('worker') ? 'worker' : this.name;
  }

  /** SIGKILL: no shutdown hook runs, jobs stay locked until their lock expires. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.running) this.child?.kill(signal);
    await this.exited;
  }
}
