import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCpuProfileSignal } from './cpu-profile-signal';

describe('installCpuProfileSignal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-cpuprof-'));
  const lines: string[] = [];
  const log = {
    info: (_: object, message: string) => lines.push(message),
    error: (_: object, m: string) => lines.push(m),
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function until(check: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('starts on the first signal and writes a DevTools profile of the window on the second', async () => {
    const remove = installCpuProfileSignal({ dir, name: 'worker', log, signal: 'SIGUSR2' });
    try {
      process.emit('SIGUSR2', 'SIGUSR2');
      await until(() => lines.includes('CPU profile started'));
      let x = 0;
      for (let i = 0; i < 2_000_000; i += 1) x += Math.sqrt(i);
      expect(x).toBeGreaterThan(0);
      process.emit('SIGUSR2', 'SIGUSR2');
      await until(() => lines.includes('CPU profile written'));

      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`^worker-${process.pid}-\\d+\\.cpuprofile$`));
      const profile = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
      expect(profile.nodes.length).toBeGreaterThan(1);
      expect(profile.samples.length).toBeGreaterThan(0);
      expect(profile.endTime).toBeGreaterThan(profile.startTime);
    } finally {
      remove();
    }
    // Once removed, the signal does nothing here (no new profile is started).
    const before = lines.length;
    process.emit('SIGUSR2', 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toHaveLength(before);
  });
});
