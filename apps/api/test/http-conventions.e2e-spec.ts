import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from '../src/api-app.factory';
import { testConfig } from './support/test-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('HTTP conventions', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createApiApp(testConfig());
  });
  afterAll(async () => {
    await app.close();
  });

  describe('request id', () => {
    it('echoes a sane incoming X-Request-Id', async () => {
      const res = await request(app.getHttpServer())
        .get('/health')
        .set('X-Request-Id', 'trace-42.a')
        .expect(200);
      expect(res.headers['x-request-id']).toBe('trace-42.a');
    });

    it('generates one when none is sent', async () => {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('replaces an insane one instead of echoing it', async () => {
      const res = await request(app.getHttpServer())
        .get('/health')
        .set('X-Request-Id', 'has spaces "and quotes"');
      expect(res.headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('error body', () => {
    it('answers unknown routes with a 404 error body carrying the request id', async () => {
      const res = await request(app.getHttpServer())
        .get('/no/such/route')
        .set('X-Request-Id', 'req-404')
        .expect(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toEqual({
        error: {
          code: 'NOT_FOUND',
          message: expect.stringContaining('/no/such/route'),
          requestId: 'req-404',
        },
      });
    });

    it('answers a wrong method on a known path with the same shape', async () => {
      const res = await request(app.getHttpServer()).delete('/health').expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    });

    it('answers a malformed JSON body with 400 BAD_REQUEST in the same shape', async () => {
      const res = await request(app.getHttpServer())
        .post('/anything')
        .set('Content-Type', 'application/json')
        .send('{"broken": ')
        .expect(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
      expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    });
  });

  describe('metrics', () => {
    it('exposes default process metrics and the request histogram by route pattern', async () => {
      const server = app.getHttpServer();
      await request(server).get('/health').expect(200);
      await request(server).get('/definitely/not/here/12345').expect(404);
      const res = await request(server).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      expect(res.text).toMatch(/^process_cpu_user_seconds_total\{service="api"\} /m);
      expect(res.text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
      expect(res.text).toMatch(
        /^http_request_duration_seconds_count\{service="api",method="GET",route="\/health",status="200"\} [1-9]\d*$/m,
      );
      expect(res.text).toMatch(
        /^http_request_duration_seconds_count\{service="api",method="GET",route="unmatched",status="404"\} [1-9]/m,
      );
      // Raw URLs would explode the label cardinality.
      expect(res.text).not.toContain('/definitely/not/here/12345');
    });
  });

  it('keeps the raw request body for webhook signature checks (rawBody enabled)', () => {
    const httpAdapter = app.getHttpAdapter();
    expect(httpAdapter.getType()).toBe('express');
    // Nest only installs the raw-body-preserving parser when created with rawBody: true.
    expect((app as unknown as { appOptions: { rawBody?: boolean } }).appOptions.rawBody).toBe(true);
  });
});
