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

  // No `timers` queue: the engine fires timers from PostgreSQL (libs/engine timer-poller.ts).
  const QUEUES = ['contacts', 'activities', 'notifications', 'webhooks', 'inbound-media'];

  async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('registers every queue’s processor with @nestjs/bullmq, and takes them off their queues on close', async () => {
    const queues = QUEUES.map(
      (name) => new Queue(name, { connection: bullConnection(testRedisUrl()), prefix: 'leadline' }),
    );
    try {
      const worker = await createWorkerApp(testConfig({ WORKER_HEALTH_PORT: '0' }));
      const counts = () => Promise.all(queues.map((queue) => queue.getWorkersCount()));
      await until(async () => (await counts()).every((count) => count === 1));
      expect(await counts()).toEqual(QUEUES.map(() => 1));
      await worker.close();
      expect(await counts()).toEqual(QUEUES.map(() => 0));
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
    }
  });

  it('validates each job at its processor: a malformed one is set aside at once, never retried', async () => {
    const forged = ['contacts', 'activities', 'notifications', 'webhooks'];
    const queues = forged.map(
      (name) => new Queue(name, { connection: bullConnection(testRedisUrl()), prefix: 'leadline' }),
    );
    try {
      app = await createWorkerApp(testConfig({ WORKER_HEALTH_PORT: '0' }));
      for (const queue of queues) {
        await queue.add('forged', { tenantId: 'not-a-uuid' }, { jobId: `forged-${queue.name}`, attempts: 5 });
      }
      const states = () => Promise.all(queues.map((queue) => queue.getJobState(`forged-${queue.name}`)));
      await until(async () => (await states()).every((state) => state === 'failed'));
      expect(await states()).toEqual(forged.map(() => 'failed'));
      for (const queue of queues) {
        const job = (await queue.getJob(`forged-${queue.name}`))!;
        expect(job.attemptsMade).toBe(1);
        expect(job.failedReason).toMatch(/set aside, not retried: malformed payload \(tenantId: /);
      }
    } finally {
      await Promise.all(queues.map((queue) => queue.obliterate({ force: true }).catch(() => undefined)));
      await Promise.all(queues.map((queue) => queue.close()));
    }
  });
});
