import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from '../src/api-app.factory';
import { LogCapture } from './support/log-capture';
import { testConfig } from './support/test-config';

describe('request logging', () => {
  let app: INestApplication;
  const logs = new LogCapture();

  beforeAll(async () => {
    app = await createApiApp(testConfig({ LOG_LEVEL: 'info' }), { logDestination: logs });
  });
  afterAll(async () => {
    await app.close();
  });

  const requestLine = (requestId: string) =>
    logs.lines.find((line) => line.requestId === requestId && typeof line.req === 'object');

  it('logs one line per request with its request id, method, path and status', async () => {
    await request(app.getHttpServer()).get('/nowhere').set('X-Request-Id', 'log-test-1').expect(404);
    const line = requestLine('log-test-1');
    expect(line).toMatchObject({
      level: 40,
      service: 'api',
      requestId: 'log-test-1',
      req: { method: 'GET', url: '/nowhere' },
      res: { statusCode: 404 },
      msg: 'GET /nowhere 404',
    });
    expect(typeof line!.durationMs).toBe('number');
  });

  it('redacts credential and signature headers', async () => {
    await request(app.getHttpServer())
      .post('/webhooks/test')
      .set('X-Request-Id', 'log-test-2')
      .set('Authorization', 'Bearer secret-bearer-token')
      .set('Cookie', 'session=secret-cookie')
      .set('X-Hub-Signature-256', 'sha256=secret-meta-signature')
      .set('X-Twilio-Signature', 'secret-twilio-signature')
      .send({ hello: 'world' });
    const line = requestLine('log-test-2');
    const headers = (line!.req as { headers: Record<string, string> }).headers;
    expect(headers.authorization).toBe('[Redacted]');
    expect(headers.cookie).toBe('[Redacted]');
    expect(headers['x-hub-signature-256']).toBe('[Redacted]');
    expect(headers['x-twilio-signature']).toBe('[Redacted]');
    expect(logs.text()).not.toMatch(/secret-(bearer-token|cookie|meta-signature|twilio-signature)/);
  });

  it('never logs request bodies or query strings', async () => {
    await request(app.getHttpServer())
      .post('/webhooks/test?hub.verify_token=query-secret-value')
      .set('X-Request-Id', 'log-test-3')
      .send({ text: 'private message body from a customer' });
    expect(requestLine('log-test-3')).toMatchObject({ req: { url: '/webhooks/test' } });
    expect(logs.text()).not.toContain('private message body');
    expect(logs.text()).not.toContain('query-secret-value');
  });

  it('does not log probe traffic', async () => {
    await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'log-test-probe').expect(200);
    expect(requestLine('log-test-probe')).toBeUndefined();
  });

  it('logs development-secret warnings at start-up', () => {
    expect(
      logs.lines.filter((line) => line.level === 40 && /DEVELOPMENT/.test(String(line.msg))),
    ).toHaveLength(3);
  });
});
