// The production image's steps, run as plain commands (Docker does not run on this machine): the
// build (`npm run build`, Node part), then what docker/Dockerfile and docker-compose.yml start —
// the compiled migrations, API and worker, with `node` alone (no swc) and NODE_ENV=production.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { withDatabaseName } from '@leadline/database';
import { killIfRunning, REPO_ROOT, spawnCommand, testRedisUrl, type SpawnedProcess } from '@leadline/testing';

const run = promisify(execFile);
const SERVER_URL = process.env.LEADLINE_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** The `command: [...]` of a docker-compose.yml service, as argv. */
function composeCommand(service: string): string[] {
  const compose = read('docker-compose.yml');
  const block = compose.slice(compose.indexOf(`\n  ${service}:\n`));
  const line = /\n {4}command: (\[.*\])\n/.exec(block)?.[1];
  if (!line) throw new Error(`no command for ${service} in docker-compose.yml`);
  return JSON.parse(line.replace(/'/g, '"')) as string[];
}

/** Lines of a Dockerfile that are instructions (comments dropped). */
function dockerfileInstructions(): string[] {
  return read('docker/Dockerfile')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
}

/** Every package a compiled file requires by name (node: built-ins left out). */
function requiredPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js')) {
        for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/require\("([^."][^"]*)"\)/g)) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!spec.startsWith('node:') && !builtinModules.includes(name)) names.add(name);
        }
      }
    }
  };
  walk(dir);
  return names;
}

describe('the production build, run the way the Docker image runs it', () => {
  const stage = path.join(REPO_ROOT, '.tmp', `image-${randomBytes(4).toString('hex')}`);
  const webDir = path.join(stage, 'web-fixture');
  const databaseName = `leadline_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = withDatabaseName(SERVER_URL, databaseName);
  const production = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    LISTEN_HOST: '127.0.0.1',
    PORT: '0',
    WORKER_HEALTH_PORT: '0',
    SHUTDOWN_TIMEOUT_MS: '3000',
    WEB_APP_DIR: webDir,
  };
  let api: SpawnedProcess | undefined;
  let worker: SpawnedProcess | undefined;

  beforeAll(async () => {
    // The image's /app: package.json (the workspace root marker) and dist/, node_modules found above.
    fs.mkdirSync(webDir, { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(stage, 'package.json'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Leadline</title>');
    await run(
      process.execPath,
      ['tools/scripts/build.mjs', '--server', '--out-dir', path.join(stage, 'dist')],
      {
        cwd: REPO_ROOT,
      },
    );
  });

  afterAll(async () => {
    killIfRunning(api);
    killIfRunning(worker);
    fs.rmSync(stage, { recursive: true, force: true });
    const client = new Client({ connectionString: withDatabaseName(SERVER_URL, 'postgres') });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await client.end();
  });

  it('the Dockerfile builds with npm run build and ships compiled output and production dependencies only', () => {
    const steps = dockerfileInstructions().join('\n');
    expect(steps).toMatch(/&& npm run build\n/);
    expect(steps).toMatch(/RUN npm ci --omit=dev\n/);
    expect(steps).toMatch(/\nUSER node\n/);
    expect(steps).toContain('CMD ["node", "dist/apps/api/src/main.js"]');
    expect(steps).not.toMatch(/swc-node|vite preview|\.ts"/);
    for (const service of ['migrate', 'api', 'worker']) {
      expect(composeCommand(service)).toEqual(['node', expect.stringMatching(/^dist\/.*\.js$/)]);
    }
  });

  it('the compiled code needs only packages listed as production dependencies', () => {
    const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    // Loaded only if installed, never needed in production: pino-pretty (development logs), prettier
    // (the CLI's `activity new` formats the files it writes when it is there).
    const optional = new Set(['pino-pretty', 'prettier']);
    const missing = [...requiredPackages(path.join(stage, 'dist'))].filter(
      (name) => !(name in manifest.dependencies) && !optional.has(name),
    );
    expect(missing).toEqual([]);
    expect(fs.existsSync(path.join(stage, 'dist/libs/testing'))).toBe(false);
  });

  it('migrates, then the compiled API and worker start without swc and are ready; SIGTERM ends them cleanly', async () => {
    const [node, migrateEntry] = composeCommand('migrate');
    expect(node).toBe('node');
    // Each wait is bounded and named, so a hang says where it was (CI once ran out the test's whole
    // timeout here with no other word, session 13; the same test took 5-13 s alone and under load).
    const migrated = await run(process.execPath, [migrateEntry], {
      cwd: stage,
      env: { ...process.env, ...production },
      timeout: 45_000,
    });
    expect(migrated.stdout).toMatch(/applied \d+_/);

    api = spawnCommand(process.execPath, [composeCommand('api')[1]], { cwd: stage, env: production });
    worker = spawnCommand(process.execPath, [composeCommand('worker')[1]], { cwd: stage, env: production });
    const [apiUp, workerUp] = await Promise.all([
      api.waitForLogLine((line) => /listening/.test(String(line.msg)), 45_000),
      worker.waitForLogLine((line) => /health endpoints/.test(String(line.msg)), 45_000),
    ]);
    const apiUrl = `http://127.0.0.1:${new URL(String(apiUp.url)).port}`;
    const workerUrl = `http://127.0.0.1:${new URL(String(workerUp.url)).port}`;

    const apiReady = await fetch(`${apiUrl}/ready`);
    expect(apiReady.status).toBe(200);
    const readyBody = await apiReady.json();
    expect(readyBody).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' } });
    // What docs/operations.md promises /ready answers is what it answers.
    const documented = /`GET \/ready` checks[\s\S]*?answers `200 (\{[^`]+\})`/.exec(
      read('docs/operations.md'),
    )?.[1];
    expect(JSON.parse(documented ?? 'null')).toEqual(readyBody);
    const workerReady = await fetch(`${workerUrl}/ready`);
    expect(workerReady.status).toBe(200);
    expect((await workerReady.json()).checks).toEqual({ database: 'up', redis: 'up' });

    // The web app: its pages (SPA fallback) from the API; API paths keep their JSON answers.
    const page = await fetch(`${apiUrl}/flows/welcome`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Leadline</title>');
    const unknown = await fetch(`${apiUrl}/api/no-such-thing`, { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('NOT_FOUND');

    // JSON logs in production, and nothing compiled TypeScript at start.
    expect(api.stdout().split('\n')[0]).toMatch(/^\{"level":/);
    expect(api.stderr()).not.toMatch(/swc/i);

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await within(api.exited, 20_000, 'the API to exit after SIGTERM', api)).toEqual({
      code: 0,
      signal: null,
    });
    expect(await within(worker.exited, 20_000, 'the worker to exit after SIGTERM', worker)).toEqual({
      code: 0,
      signal: null,
    });
    // Three processes start one after the other here (migrations, API, worker): on a loaded
    // two-core machine that takes longer than the suite's default minute.
  }, 150_000);

  it('the compiled CLI answers', async () => {
    const { stdout } = await run(process.execPath, ['dist/tools/cli/src/main.js', '--help'], { cwd: stage });
    expect(stdout).toMatch(/^Usage: /);
  });
});

/** `promise`, or an error naming what was awaited, with the end of the process's output. */
async function within<T>(promise: Promise<T>, ms: number, what: string, process: SpawnedProcess): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `waited ${ms} ms for ${what}; its output ends:\n${process.stdout().slice(-2000)}\n${process.stderr().slice(-2000)}`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
