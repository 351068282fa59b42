import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { killIfRunning, spawnEntry, testRedisUrl, type SpawnedProcess } from '@leadline/testing';
import { TEST_DATABASE_URL } from './support/test-config';

const ENTRY = 'apps/worker/src/main.ts';

describe('the worker process (node -r @swc-node/register apps/worker/src/main.ts)', () => {
  let worker: SpawnedProcess | undefined;
  afterEach(() => killIfRunning(worker));

  it('starts, serves /health, /ready and /metrics on its health port, and exits 0 on SIGTERM', async () => {
    worker = spawnEntry(ENTRY, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      WORKER_HEALTH_PORT: '0',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: testRedisUrl(),
      // The built-in development secrets: the health server must then be reachable from this machine only.
      JWT_SECRET: '',
      ENCRYPTION_KEY: '',
    });
    const line = await worker.waitForLogLine(
      (entry) => entry.context === 'HealthServer' && typeof entry.url === 'string',
    );
    const url = String(line.url);
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(line).toMatchObject({ address: '127.0.0.1', loopbackOnly: true });
    expect(line.msg).toMatch(/\(loopback only: 127\.0\.0\.1\)$/);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && !entry.internal && entry.family === 'IPv4');
    if (!outside) throw new Error('this test needs a non-loopback IPv4 interface');
    await expect(fetch(`http://${outside.address}:${new URL(url).port}/health`)).rejects.toThrow();

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' } });

    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const scraped = await metrics.text();
    expect(scraped).toMatch(/^process_cpu_user_seconds_total\{service="worker"\} /m);
    // The domain metrics are registered. This database has no schema, so the state gauges' read at
    // scrape time fails: the scrape still answers, and counts the failure.
    expect(scraped).toMatch(/^# TYPE leadline_steps_total counter$/m);
    expect(scraped).toMatch(/^# TYPE leadline_queue_jobs gauge$/m);
    const again = await (await fetch(`${url}/metrics`)).text();
    expect(again).toMatch(/^process_cpu_user_seconds_total\{service="worker"\} /m);
    expect(again).toMatch(/^leadline_state_read_failures_total\{service="worker"\} [1-9]/m);

    await worker.waitForLogLine((entry) => entry.msg === 'Leadline worker started', 60_000);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('stops cleanly when SIGTERM comes while it is still booting (its health port opens first)', async () => {
    worker = spawnEntry(ENTRY, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      WORKER_HEALTH_PORT: '0',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: testRedisUrl(),
    });
    await worker.waitForLogLine((entry) => entry.context === 'HealthServer' && typeof entry.url === 'string');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses to start with a bad configuration: exit 1, the variable named, no stack trace', async () => {
    worker = spawnEntry(ENTRY, { WORKER_HEALTH_PORT: 'health', LEADLINE_ENGINE: 'cron' });
    expect((await worker.exited).code).toBe(1);
    expect(worker.stderr()).toContain(
      'WORKER_HEALTH_PORT: must be a whole number between 0 and 65535 (got "health")',
    );
    expect(worker.stderr()).toContain('LEADLINE_ENGINE: must be one of: embedded, temporal (got "cron")');
    expect(worker.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe('the worker with LEADLINE_ENGINE=temporal', () => {
  it('starts the Temporal worker on TEMPORAL_ADDRESS, and says so clearly when Temporal is unreachable', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', ENTRY], {
      cwd: join(__dirname, '..', '..', '..'),
      env: {
        ...process.env,
        LEADLINE_ENGINE: 'temporal',
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        NODE_ENV: 'test',
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: testRedisUrl(),
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Cannot reach the Temporal server at TEMPORAL_ADDRESS=127.0.0.1:1');
  });
});
