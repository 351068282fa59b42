import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/run-cli';

// Issue 26 item 4: a scaffolded activity's test runs with `npm test` (the activities folder is a
// Jest project), and the scaffold says how to register, test and use it.
const ROOT = join(__dirname, '..', '..', '..');

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { cwd: ROOT, env: {} },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('leadline activity new', () => {
  const dir = join('activities', `scaffold-test-${randomUUID().slice(0, 8)}`);

  afterAll(() => rmSync(join(ROOT, dir), { recursive: true, force: true }));

  it('writes an activity and a test that passes in the activities Jest project', async () => {
    const result = await cli('activity', 'new', 'lookup-order', '--dir', dir);
    expect(result).toMatchObject({ code: 0, err: '' });
    const source = join(ROOT, dir, 'lookup-order.activity.ts');
    expect(readFileSync(source, 'utf8')).toContain("name: 'lookup-order'");
    expect(existsSync(join(ROOT, dir, 'lookup-order.activity.spec.ts'))).toBe(true);
    expect(result.out).toContain(`add ./${dir}/lookup-order.activity.ts to LEADLINE_ACTIVITIES`);
    expect(result.out).toContain('--name lookup_order_token');

    // What `npm test` runs for this folder: the project named "activities" of jest.config.js.
    const jest = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--selectProjects', 'activities', '--ci', dir],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(jest.stderr).toMatch(/Tests:\s+3 passed, 3 total/);
    expect(jest.status).toBe(0);
  });

  it('refuses to overwrite, and refuses a name flows could not use', async () => {
    const again = await cli('activity', 'new', 'lookup-order', '--dir', dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('nothing was written');
    const bad = await cli('activity', 'new', 'Lookup Order', '--dir', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('not a valid activity name');
  });
});
