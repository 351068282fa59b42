import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

export interface CpuProfileLog {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * CPU profiling of a running process, for operators and benchmarks: the first `signal` starts V8's
 * sampling profiler, the next one writes `<dir>/<name>-<pid>-<time>.cpuprofile` (open it in Chrome
 * DevTools) and stops. Unlike `node --cpu-prof` it needs no restart, profiles only the window asked
 * for, and does not depend on the process exiting cleanly. Returns a function that removes the handler.
 */
export function installCpuProfileSignal(options: {
  dir: string;
  name: string;
  log: CpuProfileLog;
  signal?: NodeJS.Signals;
}): () => void {
  const signal = options.signal ?? 'SIGUSR2';
  let session: Session | undefined;
  // Signals may arrive faster than the inspector answers: handle them one at a time.
  let chain: Promise<void> = Promise.resolve();

  const toggle = async (): Promise<void> => {
    if (!session) {
      const started = new Session();
      started.connect();
      await started.post('Profiler.enable');
      await started.post('Profiler.start');
      session = started;
      options.log.info({ signal }, 'CPU profile started');
      return;
    }
    const running = session;
    session = undefined;
    try {
      const { profile } = await running.post('Profiler.stop');
      mkdirSync(options.dir, { recursive: true });
      const file = join(options.dir, `${options.name}-${process.pid}-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      options.log.info({ file }, 'CPU profile written');
    } finally {
      running.disconnect();
    }
  };
  const onSignal = () => {
    chain = chain.then(toggle).catch((error: unknown) => {
      options.log.error({ err: error }, 'CPU profile failed');
    });
  };
  process.on(signal, onSignal);
  return () => {
    process.off(signal, onSignal);
    session?.disconnect();
    session = undefined;
  };
}
