import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../src/worker-app.factory';
import { HealthServerService } from '../src/modules/health/health-server.service';
import { Queue } from 'bullmq';
import { bullConnection } from '@leadline/engine';
import { closedPort, testRedisUrl } from '@leadline/testing';
import { testConfig } from './support/test-config';

describe('createWorkerApp', () => {
  let app: INestApplicationContext | undefined;
  afterEach(async () => {
    // Closing settles whatever is unreachable (every queue, worker and connection is bounded).
    await app?.close();
    app = undefined;
  });

  function healthUrl(worker: INestApplicationContext): string {
    return `http://127.0.0.1:${worker.get(HealthServerService).port}`;
  }

  it('reports not ready, naming Redis, when Redis is unreachable', async () => {
    const port = await closedPort();
    app = await createWorkerApp(
      testConfig({ WORKER_HEALTH_PORT: '0', REDIS_URL: `redis://127.0.0.1:${port}` }),
    );
    const started = Date.now();
    const res = await fetch(`${healthUrl(app)}/ready`);
    // Answers rather than hangs (a loose bound, for loaded machines).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.checks).toEqual({ database: 'up', redis: 'down' });
    expect(body.reasons.redis).toMatch(/ECONNREFUSED/);
  });

  it('reports not ready, naming the database, without its password', async () => {
    const port = await closedPort();
    app = await createWorkerApp(
      testConfig({
        WORKER_HEALTH_PORT: '0',
        DATABASE_URL: `postgresql://u:WorkerSecretPw@127.0.0.1:${port}/x`,
      }),
    );
    const res = await fetch(`${healthUrl(app)}/ready`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text).checks).toEqual({ database: 'down', redis: 'up' });
    expect(text).not.toContain('WorkerSecretPw');
  });

  it('stops serving health endpoints once closed', async () => {
    const worker = await createWorkerApp(testConfig({ WORKER_HEALTH_PORT: '0' }));
    const url = healthUrl(worker);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    await worker.close();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('registers the inbound-media processor with @nestjs/bullmq, and takes it off the queue on close', async () => {
    const queue = new Queue('inbound-media', {
      connection: bullConnection(testRedisUrl()),
      prefix: 'leadline',
    });
    try {
      const worker = await createWorkerApp(testConfig({ WORKER_HEALTH_PORT: '0' }));
      const deadline = Date.now() + 10_000;
      while ((await queue.getWorkersCount()) === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await queue.getWorkersCount()).toBe(1);
      await worker.close();
      expect(await queue.getWorkersCount()).toBe(0);
    } finally {
      await queue.close();
    }
  });
});
