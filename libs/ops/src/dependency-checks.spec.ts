import { runReadinessChecks } from './dependency-checks';

describe('runReadinessChecks', () => {
  it('is ready when every check is up', async () => {
    const report = await runReadinessChecks({
      database: async () => ({ status: 'up' }),
      redis: async () => ({ status: 'up' }),
    });
    expect(report).toEqual({
      ready: true,
      body: { status: 'ready', checks: { database: 'up', redis: 'up' } },
    });
  });

  it('names each failing check with its reason', async () => {
    const report = await runReadinessChecks({
      database: async () => ({ status: 'up' }),
      redis: async () => ({ status: 'down', reason: 'connect ECONNREFUSED 127.0.0.1:1' }),
    });
    expect(report.ready).toBe(false);
    expect(report.body).toEqual({
      status: 'not_ready',
      checks: { database: 'up', redis: 'down' },
      reasons: { redis: 'connect ECONNREFUSED 127.0.0.1:1' },
    });
  });
});
