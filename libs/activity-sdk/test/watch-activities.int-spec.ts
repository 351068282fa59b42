import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

// Issue 26 item 4: in development a change to an activity's code takes effect without a restart.
const ROOT = join(__dirname, '..', '..', '..');

function activity(title: string): string {
  return `import { defineActivity } from '@leadline/activity-sdk';
import { z } from 'zod';
export const hot = defineActivity({
  name: 'hot', title: ${JSON.stringify(title)}, description: 'Reloaded on change.',
  input: z.object({}), output: z.object({}), run: () => ({}),
});
`;
}

describe('watchActivityModules', () => {
  const folder = join(ROOT, '.tmp', `activities-${randomUUID().slice(0, 8)}`);
  const file = join(folder, 'hot.activity.ts');
  let child: ChildProcess | undefined;
  const lines: Array<Record<string, unknown>> = [];

  afterAll(() => {
    child?.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  async function next(event: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const index = lines.findIndex((line) => line.event === event);
      if (index !== -1) return lines.splice(index, 1)[0];
      if (Date.now() > deadline)
        throw new Error(`no "${event}" from the child; got ${JSON.stringify(lines)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('swaps in the new code after a change, and keeps the old one when the new one does not load', async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, activity('Version 1'));
    child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'fixtures', 'watch-child.ts'), file],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) lines.push(JSON.parse(part));
    });

    expect(await next('ready')).toEqual({ event: 'ready', title: 'Version 1' });
    // Give the watcher a moment to be in place before the first change.
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(file, activity('Version 2'));
    expect(await next('reloaded')).toEqual({ event: 'reloaded', title: 'Version 2' });

    writeFileSync(file, 'export const broken = ;');
    const failed = await next('error');
    expect(failed.title).toBe('Version 2');
  });
});
