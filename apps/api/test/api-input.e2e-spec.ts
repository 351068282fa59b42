// Bad input on the REST API (issue 16, item 11): each probe answered 500 or matched too much; now a
// 4xx with a stable code, and nothing is stored.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { PERMISSIONS } from '../src/modules/auth/permissions';
import { addApiKey, exampleFlow, seedTenant, type SeededKey, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';

const REDIS_URL = 'redis://127.0.0.1:6379/6';

describe('REST input: NUL bytes, deep JSON, huge numbers, flow size, LIKE wildcards', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: SeededTenant;
  let key: SeededKey;
  let flowId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, { flows: [exampleFlow('lead-capture')] });
    key = await addApiKey(prisma, acme.id, [...PERMISSIONS]);
    flowId = acme.flows['lead-capture']!.flowId;
    await withTenant(prisma, acme.id, async (tx) => {
      await tx.contact.create({ data: { tenantId: acme.id, phone: '+447700900001', name: 'Ana' } });
      await tx.contact.create({
        data: { tenantId: acme.id, phone: '+447700900002', name: '100% Solar_Ltd' },
      });
    });
    app = await createApiApp(testConfig({ DATABASE_URL: db.url, REDIS_URL }));
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const auth = () => ({ Authorization: `Bearer ${key.key}` });

  it.each([
    ['a flow id', () => http().get('/api/flows/abc%00def').set(auth())],
    ['a version number', () => http().get(`/api/flows/${flowId}/versions/1%00`).set(auth())],
    ['a contact search', () => http().get('/api/contacts?q=An%00a').set(auth())],
    [
      'an API key name',
      () =>
        http()
          .post('/api/api-keys')
          .set(auth())
          .send({ name: 'a\u0000b', scopes: ['runs:read'] }),
    ],
    [
      'a contact name',
      async () => {
        const contact = await prisma.contact.findFirstOrThrow({ where: { tenantId: acme.id } });
        return http().patch(`/api/contacts/${contact.id}`).set(auth()).send({ name: 'Ana\u0000' });
      },
    ],
    [
      'a flow name',
      () =>
        http()
          .post('/api/flows')
          .set(auth())
          .send({ document: { ...exampleFlow('lead-capture'), id: 'nul-flow', name: 'x\u0000y' } }),
    ],
  ])('refuses a NUL byte in %s with 400 INVALID_CHARACTERS', async (_what, send) => {
    const res = await send();
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 400,
      code: 'INVALID_CHARACTERS',
    });
    expect(await prisma.flow.count({ where: { key: 'nul-flow' } })).toBe(0);
  });

  it('refuses deeply nested JSON with 400 BODY_TOO_DEEP', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const res = await http()
      .post('/api/leads')
      .set({ ...auth(), 'Content-Type': 'application/json' })
      .send(deep);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 400,
      code: 'BODY_TOO_DEEP',
    });
    const arrays = '['.repeat(200_000) + ']'.repeat(200_000);
    const flows = await http()
      .put(`/api/flows/${flowId}/draft`)
      .set({ ...auth(), 'Content-Type': 'application/json' })
      .send(`{"document":${arrays}}`);
    expect(flows.status).toBe(400);
  });

  it.each([
    `/api/flows/FLOW/versions/99999999999999999999`,
    `/api/flows/FLOW/versions/2147483648`,
    `/api/flows/FLOW/diff?from=99999999999999999999`,
    `/api/flows/FLOW/analytics?version=99999999999999999999`,
  ])('answers 400 for a version number beyond any version: %s', async (path) => {
    const res = await http().get(path.replace('FLOW', flowId)).set(auth());
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('still finds a real version, and 404s one that does not exist', async () => {
    await http().get(`/api/flows/${flowId}/versions/1`).set(auth()).expect(200);
    await http().get(`/api/flows/${flowId}/versions/2147483647`).set(auth()).expect(404);
  });

  it('refuses a flow over 2,000 nodes with 413 FLOW_TOO_LARGE, on save and on create', async () => {
    const base = exampleFlow('lead-capture') as { nodes: Array<Record<string, unknown>> };
    const template = base.nodes[base.nodes.length - 1]!;
    const nodes = Array.from({ length: 2001 }, (_, i) => ({ ...template, id: `n${i}` }));
    const big = { ...base, id: 'big-flow', nodes };
    const created = await http().post('/api/flows').set(auth()).send({ document: big });
    expect({ status: created.status, code: created.body.error?.code }).toEqual({
      status: 413,
      code: 'FLOW_TOO_LARGE',
    });
    expect(created.body.error.message).toContain('2,000');
    const saved = await http()
      .put(`/api/flows/${flowId}/draft`)
      .set(auth())
      .send({ document: { ...big, id: 'lead-capture' } });
    expect(saved.status).toBe(413);
    expect(await prisma.flow.count({ where: { key: 'big-flow' } })).toBe(0);
  });

  it('refuses a flow document over 1 MB with 413 FLOW_TOO_LARGE', async () => {
    const base = exampleFlow('lead-capture');
    const res = await http()
      .post('/api/flows')
      .set(auth())
      .send({ document: { ...base, id: 'fat-flow', description: 'x'.repeat(1_100_000) } });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 413,
      code: 'FLOW_TOO_LARGE',
    });
  });

  it('takes % and _ in a contact search literally', async () => {
    const names = async (q: string) =>
      (await http().get('/api/contacts').query({ q }).set(auth()).expect(200)).body.data.map(
        (contact: { name: string }) => contact.name,
      );
    expect(await names('%')).toEqual(['100% Solar_Ltd']);
    expect(await names('_')).toEqual(['100% Solar_Ltd']);
    expect(await names('A_a')).toEqual([]);
    expect(await names('ana')).toEqual(['Ana']);
  });
});
