import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetricsRegistry, type ReadinessReport } from '@leadline/ops';
import { createHealthServer } from '../src/modules/health/health-server';

describe('worker health server', () => {
  let server: Server;
  let base: string;
  let report: ReadinessReport | Error;
  const errors: unknown[] = [];

  beforeAll(async () => {
    server = createHealthServer({
      readiness: async () => {
        if (report instanceof Error) throw report;
        return report;
      },
      registry: createMetricsRegistry('worker'),
      onError: (err) => errors.push(err),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 503 with the failing check when not ready', async () => {
    report = {
      ready: false,
      body: {
        status: 'not_ready',
        checks: { database: 'down', redis: 'up' },
        reasons: { database: 'timeout' },
      },
    };
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(report.body);
  });

  it('answers 500 without details when a check itself blows up, and reports the error', async () => {
    report = new Error('internal detail');
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('internal detail');
    expect(errors).toContain(report);
  });

  it('answers unknown paths with a 404 error body and other methods with 405', async () => {
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Cannot GET /nope' } });
    const post = await fetch(`${base}/health`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('ignores query strings when routing', async () => {
    expect((await fetch(`${base}/health?probe=1`)).status).toBe(200);
  });
});
