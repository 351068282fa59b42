// The helper every process-level test waits with: it must see a log line that arrives in pieces, and
// give up at once, with the output, when the process dies.
import { spawnCommand } from '../src/spawned-process';

const node = (script: string) => spawnCommand(process.execPath, ['-e', script], { env: {} });

describe('spawnCommand().waitForLogLine', () => {
  it('finds a JSON log line written in two chunks, the first ending mid-line', async () => {
    const spawned = node(
      `process.stdout.write('{"msg":"liste'); setTimeout(() => process.stdout.write('ning","port":1}\\n'), 300);`,
    );
    const line = await spawned.waitForLogLine((entry) => entry.msg === 'listening', 10_000);
    expect(line).toEqual({ msg: 'listening', port: 1 });
    await spawned.exited;
  });

  it('skips a line that only looks like JSON', async () => {
    const spawned = node(`console.log('{not json'); console.log(JSON.stringify({ msg: 'ready' }));`);
    expect(await spawned.waitForLogLine((entry) => entry.msg === 'ready', 10_000)).toEqual({ msg: 'ready' });
    await spawned.exited;
  });

  it('rejects as soon as the process is killed by a signal, with its output', async () => {
    const spawned = node(`console.log('booting'); setInterval(() => undefined, 1000);`);
    // A deadline far beyond the test's own timeout: only noticing the death can end the wait in time.
    const waiting = spawned.waitForLogLine(() => false, 600_000);
    while (!spawned.stdout().includes('booting')) await new Promise((resolve) => setTimeout(resolve, 50));
    spawned.child.kill('SIGKILL');
    await expect(waiting).rejects.toThrow(/log line not found \(exit SIGKILL\)[\s\S]*booting/);
  });
});
