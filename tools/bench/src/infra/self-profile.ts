import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * A CPU profile of this process (the bench: load generator and fake Meta) over a window the caller
 * chooses, through the in-process inspector: the apps are profiled by signal (AppProcess), but the
 * bench is the process doing the asking.
 */
export class SelfProfile {
  private session?: Session;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
  }

  /** Stops the profile and writes it as `bench-<pid>-<time>.cpuprofile` into `dir`; returns the file. */
  async stop(dir: string): Promise<string> {
    if (!this.session) throw new Error('SelfProfile.stop before start');
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    this.session = undefined;
    const file = join(dir, `bench-${process.pid}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  }
}
