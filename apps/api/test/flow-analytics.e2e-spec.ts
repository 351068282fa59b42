import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import {
  createTestDatabase,
  promoFlow,
  promoPaths,
  promoRunEvents,
  type PromoStep,
  type TestDatabase,
} from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { dayIn } from '../src/modules/flows/analytics-period';
import { addApiKey, seedContact, seedRun, seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';

const HOUR = 3_600_000;
const ZONE = 'Asia/Tokyo';

describe('GET /api/flows/:id/analytics: completed, in progress and dropped over a period', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: SeededTenant;
  let globex: SeededTenant;
  let acmeKey: string;
  let globexKey: string;
  let phone = 0;
  const oldDay = dayIn(new Date(Date.now() - 40 * 24 * HOUR), ZONE);

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, { flows: [promoFlow] });
    globex = await seedTenant(prisma, { flows: [promoFlow] });
    await prisma.tenant.update({ where: { id: acme.id }, data: { settings: { timeZone: ZONE } } });
    acmeKey = (await addApiKey(prisma, acme.id, ['flows:read'])).key;
    globexKey = (await addApiKey(prisma, globex.id, ['flows:read'])).key;
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));

    const { flowId, versionId } = acme.flows.promo;
    const run = async (
      tenant: SeededTenant,
      status: 'waiting' | 'completed' | 'failed',
      steps: PromoStep[],
      options: { startedAt?: Date; idleMs?: number; at?: string; version?: string } = {},
    ) => {
      phone += 1;
      const contactId = await seedContact(prisma, tenant.id, `+4477009${String(phone).padStart(5, '0')}`);
      const last = steps.at(-1)!;
      const runId = await seedRun(prisma, tenant, {
        flowKey: 'promo',
        contactId,
        status,
        currentNode: last[1],
        startedAt: (options.startedAt ?? new Date(Date.now() - 2 * HOUR)).toISOString(),
      });
      // The system client: a row of another tenant pointing at acme's version tests the isolation.
      await prisma.$executeRaw`
        UPDATE flow_runs SET updated_at = now() - make_interval(secs => ${(options.idleMs ?? 0) / 1000}::float8),
               flow_version_id = ${options.version ?? tenant.flows.promo.versionId}::uuid,
               flow_id = ${options.version ? flowId : tenant.flows.promo.flowId}::uuid
        WHERE id = ${runId}::uuid`;
      await prisma.runEvent.createMany({
        data: promoRunEvents(steps, {
          tenantId: tenant.id,
          runId,
          flowId: options.version ? flowId : tenant.flows.promo.flowId,
          flowVersionId: options.version ?? tenant.flows.promo.versionId,
        }),
      });
    };
    const { toOffer, toEmail } = promoPaths;
    // Completed: tapped "Yes please", gave an e-mail, thanked.
    for (let i = 0; i < 2; i += 1) await run(acme, 'completed', promoPaths.done);
    // Completed: tapped "No thanks" (no edge of its own: it leaves by "answered", the choice on the exit).
    await run(acme, 'completed', promoPaths.declined);
    // Dropped: the offer timed out into the end.
    await run(acme, 'completed', promoPaths.timedOut);
    // In progress: waiting at the offer for 10 minutes (its timeout is 1 h).
    await run(acme, 'waiting', toOffer, { idleMs: 10 * 60_000 });
    // Dropped: waiting at the offer for 2 h, past its 1 h timeout.
    await run(acme, 'waiting', toOffer, { idleMs: 2 * HOUR });
    // Waiting at the e-mail question (no time limit) for 30 h: dropped after the 24 h idle period.
    await run(acme, 'waiting', toEmail, { idleMs: 30 * HOUR, startedAt: new Date(Date.now() - 31 * HOUR) });
    // Failed at the offer.
    await run(acme, 'failed', [
      ...toOffer,
      ['node.exit', 'offer', 'error', { error: { code: 'X', message: 'x' } }],
    ]);
    // 40 days ago, at noon in Tokyo: outside the last 30 days.
    await run(acme, 'completed', promoPaths.declined, {
      startedAt: new Date(`${oldDay}T12:00:00+09:00`),
    });
    // Another workspace's runs, one even pointing at acme's version: never counted for acme.
    await run(globex, 'completed', [...toOffer, ['node.exit', 'offer', 'option:yes', { option: 'yes' }]]);
    await run(globex, 'completed', [...toOffer, ['node.exit', 'offer', 'option:yes', { option: 'yes' }]], {
      version: versionId,
    });
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const get = (query: string, key = acmeKey) =>
    request(app.getHttpServer())
      .get(`/api/flows/${acme.flows.promo.flowId}/analytics${query}`)
      .set('Authorization', `Bearer ${key}`);

  it('separates completed, in progress and dropped over the last 7 days, with the completion rate', async () => {
    const res = await get('').expect(200);
    expect(res.body.period).toMatchObject({ preset: '7d', timeZone: ZONE });
    // The period starts at midnight in Tokyo, six days before today.
    expect(new Date(res.body.period.from).getTime()).toBeGreaterThan(Date.now() - 7 * 24 * HOUR);
    expect(res.body.totals).toEqual({
      started: 8,
      completed: 3,
      inProgress: 1,
      dropped: 3,
      handedOff: 0,
      failed: 1,
      cancelled: 0,
      completionRate: 3 / 8,
    });
    const node = (id: string) => res.body.nodes.find((entry: { nodeId: string }) => entry.nodeId === id);
    expect(node('offer')).toMatchObject({
      reached: 8,
      ports: { 'option:yes': 3, answered: 1, timeout: 1, error: 1 },
      inProgress: 1,
      // One timed out into the end, one waits past its timeout.
      dropped: 2,
      options: [
        { id: 'yes', title: 'Yes please', taps: 3 },
        { id: 'no', title: 'No thanks', taps: 1 },
      ],
    });
    expect(node('email')).toMatchObject({ reached: 3, ports: { answered: 2 }, inProgress: 0, dropped: 1 });
    expect(node('thanks')).toMatchObject({ reached: 2, dropped: 0, options: [] });
  });

  it('takes a longer idle period: the e-mail question waiting 30 h is still in progress under 48 h', async () => {
    const res = await get('?idleHours=48').expect(200);
    expect(res.body.totals).toMatchObject({ inProgress: 2, dropped: 2 });
    expect(res.body.idleHours).toBe(48);
  });

  it('counts only the runs of the period: the last 24 hours, and a custom range in the workspace time zone', async () => {
    const day = await get('?period=24h').expect(200);
    // The e-mail run started 31 h ago.
    expect(day.body.totals).toMatchObject({ started: 7, completed: 3 });

    const month = await get('?period=30d').expect(200);
    expect(month.body.totals.started).toBe(8);

    const custom = await get(`?period=custom&from=${oldDay}&to=${oldDay}`).expect(200);
    expect(custom.body.period).toEqual({
      preset: 'custom',
      from: new Date(`${oldDay}T00:00:00+09:00`).toISOString(),
      to: new Date(new Date(`${oldDay}T00:00:00+09:00`).getTime() + 24 * HOUR).toISOString(),
      timeZone: ZONE,
    });
    expect(custom.body.totals).toMatchObject({ started: 1, completed: 1, completionRate: 1 });
    expect(custom.body.nodes.find((n: { nodeId: string }) => n.nodeId === 'offer').options).toEqual([
      { id: 'yes', title: 'Yes please', taps: 0 },
      { id: 'no', title: 'No thanks', taps: 1 },
    ]);
  });

  it('refuses a bad period with 400 and a stable code', async () => {
    for (const query of [
      '?period=custom',
      '?period=custom&from=2026-02-30&to=2026-03-01',
      '?period=custom&from=2026-03-02&to=2026-03-01',
      '?period=custom&from=2024-01-01&to=2026-01-01',
      '?period=7d&from=2026-03-01',
      '?period=1y',
      '?idleHours=0',
    ]) {
      const res = await get(query);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it("does not show a flow to another workspace, and counts only the caller's runs", async () => {
    await get('', globexKey).expect(404);
    const res = await request(app.getHttpServer())
      .get(`/api/flows/${globex.flows.promo.flowId}/analytics`)
      .set('Authorization', `Bearer ${globexKey}`)
      .expect(200);
    expect(res.body.totals).toMatchObject({ started: 1, completed: 1 });
    // The other workspace's row pointing at acme's version stays out of acme's sight (row-level security).
    await withTenant(prisma, acme.id, async (tx) =>
      expect(await tx.flowRun.count({ where: { flowVersionId: acme.flows.promo.versionId } })).toBe(9),
    );
  });
});
