import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { testConfig } from './support/test-config';
import { seedWorkspace, tokenFor, type Workspace } from './support/workspace-seed';

const DAY = 24 * 60 * 60 * 1000;

interface Row {
  id: string;
  name: string | null;
  createdAt: string;
  lastInboundAt: string | null;
}

describe('contacts table: sorting, keyset pages and filters', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: Workspace;
  let stageId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedWorkspace(prisma);
    const now = Date.now();
    await withTenant(prisma, acme.tenant.id, async (tx) => {
      const stage = await tx.pipelineStage.create({
        data: { tenantId: acme.tenant.id, name: 'Qualified', position: 0 },
      });
      stageId = stage.id;
      // 40 more contacts: repeated names and times (ties), some without a name, some who never wrote.
      for (let i = 0; i < 40; i += 1) {
        await tx.contact.create({
          data: {
            tenantId: acme.tenant.id,
            phone: `+3519120${String(i).padStart(5, '0')}`,
            name: i % 7 === 0 ? null : `Person ${String.fromCharCode(65 + (i % 5))}`,
            lastInboundAt: i % 4 === 0 ? null : new Date(now - (i % 6) * 10 * DAY),
            createdAt: new Date(now - (i % 3) * DAY),
            fields: { city: i % 2 ? 'Lisbon' : 'Porto' },
            ...(i % 5 === 0 ? { stageId: stage.id } : {}),
          },
        });
      }
    });
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const get = (query: string) =>
    request(app.getHttpServer())
      .get(`/api/contacts?${query}`)
      .set('Authorization', `Bearer ${tokenFor(app, acme, 'viewer')}`);

  async function everyPage(query: string): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await get(`${query}&limit=7${cursor ? `&cursor=${cursor}` : ''}`).expect(
        200,
      );
      rows.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    return rows;
  }

  /** What PostgreSQL's own ORDER BY says, as the reference for the pages. */
  async function expectedOrder(orderBy: string): Promise<string[]> {
    const rows = await withTenant(prisma, acme.tenant.id, (tx) =>
      tx.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id::text FROM contacts ORDER BY ${orderBy}`),
    );
    return rows.map((row) => row.id);
  }

  it.each([
    ['sort=created', 'created_at DESC, id DESC'],
    ['sort=created&order=asc', 'created_at ASC, id ASC'],
    ['sort=name', 'name ASC NULLS LAST, id ASC'],
    ['sort=name&order=desc', 'name DESC NULLS FIRST, id DESC'],
    ['sort=last_message', 'last_inbound_at DESC NULLS LAST, id DESC'],
    ['sort=last_message&order=asc', 'last_inbound_at ASC NULLS FIRST, id ASC'],
  ])('%s: every contact exactly once, in order, across pages', async (query, orderBy) => {
    const rows = await everyPage(query);
    expect(rows.map((row) => row.id)).toEqual(await expectedOrder(orderBy));
  });

  it('filters by stage, last message, custom field and text, and says what is wrong with bad filters', async () => {
    const inStage = (await get(`stage=${stageId}&limit=100`).expect(200)).body.data as Array<{
      stage: { name: string };
    }>;
    expect(inStage).toHaveLength(8);
    expect(inStage.every((row) => row.stage.name === 'Qualified')).toBe(true);
    const outside = (await get('stage=none&limit=100').expect(200)).body.data;
    expect(outside).toHaveLength(42 - 8);
    const never = (await get('lastMessage=never&limit=100').expect(200)).body.data as Row[];
    expect(never.length).toBeGreaterThan(0);
    expect(never.every((row) => row.lastInboundAt === null)).toBe(true);
    const recent = (await get('lastMessage=7d&limit=100').expect(200)).body.data as Row[];
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((row) => Date.now() - Date.parse(row.lastInboundAt!) <= 7 * DAY)).toBe(true);
    const lisbon = (await get('field=city&value=Lisbon&limit=100').expect(200)).body.data;
    expect(lisbon).toHaveLength(20);
    const byName = (await get('q=person%20c&limit=100').expect(200)).body.data as Row[];
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((row) => row.name === 'Person C')).toBe(true);
    const byPhone = (await get('q=912000003').expect(200)).body.data;
    expect(byPhone).toHaveLength(1);

    const bad = await get('sort=age&lastMessage=yesterday&value=x').expect(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sort: must be one of/),
        expect.stringMatching(/^lastMessage: must be one of/),
      ]),
    );
    const first = await get('sort=name&limit=2').expect(200);
    const mixed = await get(`sort=created&cursor=${first.body.nextCursor}`).expect(400);
    expect(mixed.body.error.details[0]).toMatch(/another sort order/);
    await get('cursor=not-ours').expect(400);
    // Forged values reach no statement (before: new Date('x') in a filter, a 500).
    const id = (first.body.data as Row[])[0].id;
    for (const forged of [
      ['k2', 'created', 'desc', 'x', id, 1],
      ['k3', 'created', 'desc', '+275760-09-13T00:00:00.000000Z', id],
      ['k3', 'name', 'asc', 'a\u0000b', id],
      ['k3', 'created', 'desc', '2026-12-07T19:46:21.123Z', id],
    ]) {
      const res = await get(`cursor=${Buffer.from(JSON.stringify(forged)).toString('base64url')}`).expect(
        400,
      );
      expect(res.body.error.code).toBe(bad.body.error.code);
      expect(res.body.error.details[0]).toMatch(/^cursor: is not a cursor this API returned/);
    }
  });
});
