import type { INestApplication } from '@nestjs/common';
import { connect, createServer } from 'node:net';
import request from 'supertest';
import { createApiApp } from '../src/api-app.factory';
import { LogCapture } from './support/log-capture';
import { closedPort, testRedisConnection } from '@leadline/testing';
import { testConfig } from './support/test-config';

describe('health endpoints', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('GET /health answers 200 {status:"ok"}', async () => {
    app = await createApiApp(testConfig());
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('GET /ready answers 200 when PostgreSQL and Redis respond', async () => {
    app = await createApiApp(testConfig());
    const res = await request(app.getHttpServer()).get('/ready').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' } });
  });

  it('GET /ready answers 503 naming Redis when Redis is unreachable, quickly', async () => {
    const port = await closedPort();
    app = await createApiApp(testConfig({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    const started = Date.now();
    const res = await request(app.getHttpServer()).get('/ready').expect(503);
    // Answers rather than hangs (a loose bound, for loaded machines).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.body.status).toBe('not_ready');
    expect(res.body.checks).toEqual({ database: 'up', redis: 'down' });
    expect(res.body.reasons.redis).toMatch(/ECONNREFUSED/);
    expect(res.body.reasons.database).toBeUndefined();
  });

  it('GET /ready answers 503 naming the database without revealing its password', async () => {
    const port = await closedPort();
    app = await createApiApp(
      testConfig({ DATABASE_URL: `postgresql://leadline:Sup3rSecretPw@127.0.0.1:${port}/leadline` }),
    );
    const started = Date.now();
    const res = await request(app.getHttpServer()).get('/ready').expect(503);
    // Answers rather than hangs (a loose bound, for loaded machines).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.body.checks).toEqual({ database: 'down', redis: 'up' });
    expect(typeof res.body.reasons.database).toBe('string');
    expect(res.body.reasons.database.length).toBeGreaterThan(0);
    expect(res.text).not.toContain('Sup3rSecretPw');
  });

  it('turns ready once Redis comes up after the API started', async () => {
    const port = await closedPort();
    app = await createApiApp(testConfig({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    const server = app.getHttpServer();
    await request(server).get('/ready').expect(503);

    // Redis "comes up" on the configured port: a TCP forwarder to this file's own.
    const redis = testRedisConnection();
    const proxy = createServer((client) => {
      const upstream = connect(redis.port, redis.host);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    try {
      const deadline = Date.now() + 15_000;
      let status = 503;
      while (status !== 200 && Date.now() < deadline) {
        status = (await request(server).get('/ready')).status;
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
      app = undefined;
      proxy.close();
    }
  });

  it('reports a lost Redis once instead of logging every reconnect attempt', async () => {
    const port = await closedPort();
    const logs = new LogCapture();
    app = await createApiApp(
      testConfig({ LOG_LEVEL: 'warn', REDIS_URL: `redis://:RedisPw@127.0.0.1:${port}` }),
      {
        logDestination: logs,
      },
    );
    const redisLinesNow = () => logs.lines.filter((line) => /Redis connection failed/.test(String(line.msg)));
    const deadline = Date.now() + 15_000;
    while (redisLinesNow().length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Then the time of two more attempts (retries after 500 ms and 1 s): still the one line.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const redisLines = redisLinesNow();
    expect(redisLines).toHaveLength(1);
    expect(redisLines[0].redis).toBe(`redis://:***@127.0.0.1:${port}`);
    expect(logs.text()).not.toContain('RedisPw');
  });

  it('reports a database that exists on no server as down with the server’s reason', async () => {
    app = await createApiApp(
      testConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/leadline_missing_db_for_ready_test' }),
    );
    const res = await request(app.getHttpServer()).get('/ready').expect(503);
    expect(res.body.reasons.database).toMatch(/does not exist/);
  });
});
