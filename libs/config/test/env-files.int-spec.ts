import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { ENV_VARIABLES, findRepoRoot, loadConfig, loadDotEnv } from '@leadline/config';

describe('.env.example', () => {
  const examplePath = join(findRepoRoot(), '.env.example');
  const example = parse(readFileSync(examplePath, 'utf8'));

  it('documents exactly the variables the schema validates', () => {
    expect(Object.keys(example).sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it('is itself a valid development configuration equal to the defaults', () => {
    const fromExample = loadConfig(example);
    const defaults = loadConfig({});
    expect(fromExample).toEqual(defaults);
  });
});

describe('loadDotEnv', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leadline-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fills in variables from the file without overriding the real environment', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=4100\nLOG_LEVEL=debug\n');
    const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn' };
    expect(loadDotEnv(file, env)).toEqual(['PORT']);
    expect(loadConfig(env).server).toMatchObject({ port: 4100, logLevel: 'warn' });
  });

  it('ignores a missing file', () => {
    const env: Record<string, string | undefined> = {};
    expect(loadDotEnv(join(dir, 'missing.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
