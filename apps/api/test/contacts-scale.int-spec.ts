import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient, withTenant } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import type { Principal } from '../src/modules/auth/api-key-principal';
import type { AuditService } from '../src/modules/audit/audit.service';
import { decodeContactCursor, type SortOrder } from '../src/modules/contacts/contact-cursor';
import type { ListContacts } from '../src/modules/contacts/contacts.schema';
import { ContactsService } from '../src/modules/contacts/contacts.service';

const CONTACTS = 100_000;
/** Contacts of each group sharing one created_at (see beforeAll). */
const TIES = 120;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The contacts table at 100,000 contacts, in counts and plans rather than time: each page is one
 * statement, the planner reads the sort's index (never a sequential scan and sort of the table), and
 * a page deep in the list is found from its keyset cursor the same way as the first.
 */
describe('contacts table at 100,000 contacts: one indexed statement per page', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let service: ContactsService;
  let principal: Principal;
  const statements: Array<{ query: string; params: string }> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: db.url }),
      log: [{ emit: 'event', level: 'query' }],
    });
    // The client's type does not carry the log option; its query events are there all the same.
    (
      prisma as unknown as {
        $on(event: 'query', listener: (event: { query: string; params: string }) => void): void;
      }
    ).$on('query', (event) => statements.push({ query: event.query, params: event.params }));
    const tenant = await prisma.tenant.create({ data: { slug: `scale-${Date.now()}`, name: 'Scale' } });
    await prisma.tenant.create({ data: { slug: `scale-other-${Date.now()}`, name: 'Other' } });
    await prisma.$executeRaw`
      INSERT INTO contacts (tenant_id, phone, name, tags, last_inbound_at, created_at)
      SELECT ${tenant.id}::uuid, '+3519' || lpad(n::text, 8, '0'),
             CASE WHEN n % 10 = 0 THEN NULL ELSE 'Person ' || md5(n::text) END,
             CASE WHEN n % 50 = 0 THEN ARRAY['vip'] ELSE ARRAY[]::text[] END,
             CASE WHEN n % 4 = 0 THEN NULL ELSE now() - (n || ' minutes')::interval END,
             now() - (n || ' seconds')::interval
      FROM generate_series(1, ${CONTACTS}) AS n`;
    // Two groups of contacts written by one statement each (a batch of webhooks, an import): each
    // group's rows share one created_at, to the microsecond. One amid the others, one before them all.
    for (const [prefix, at] of [
      ['+3518', Prisma.sql`now() - interval '5000.5 seconds'`],
      ['+3517', Prisma.sql`'2000-01-01 00:00:00.000456+00'::timestamptz`],
    ] as const)
      await prisma.$executeRaw`
        INSERT INTO contacts (tenant_id, phone, name, created_at)
        SELECT ${tenant.id}::uuid, ${prefix} || lpad(n::text, 8, '0'), 'Tie ' || n, ${at}
        FROM generate_series(1, ${TIES}) AS n`;
    // Each insert also wrote the contact's contact_activity row (the "last message" sort's key).
    await prisma.$executeRawUnsafe('ANALYZE contacts, contact_activity');
    principal = { tenantId: tenant.id, userId: undefined, apiKeyId: 'k', scopes: [] } as unknown as Principal;
    service = new ContactsService(prisma, {} as AuditService);
  }, 120_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** The page's statements and the plan of the one that reads the sort's table. */
  async function page(query: ListContacts, table: string) {
    statements.length = 0;
    const result = await service.list(principal, query);
    // What the page cost: the tenant scope, the page's keys (contact-keys.ts), its contacts and their
    // stages (by primary key), commit.
    const tables = statements.map((s) =>
      /^SELECT set_config/.test(s.query)
        ? 'tenant scope'
        : (/FROM (?:"public"\.)?"?(\w+)"?/.exec(s.query)?.[1] ?? s.query.split(' ')[0]),
    );
    const reads = statements.filter(
      (s) => / AS value\s+FROM /.test(s.query) && s.query.includes(`FROM ${table} `),
    );
    const params = JSON.parse(reads[0]?.params ?? '[]') as unknown[];
    const [explained] = await withTenant(prisma, principal.tenantId, (tx) =>
      tx.$queryRawUnsafe<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
        `EXPLAIN (FORMAT JSON) ${reads[0].query}`,
        ...params,
      ),
    );
    const plan = nodes(explained['QUERY PLAN'][0].Plan);
    return { result, reads, plan, tables };
  }

  const on = (plan: PlanNode[], table: string) => plan.filter((node) => node['Relation Name'] === table);

  // The "last message" sort reads its key's copy in contact_activity (contacts.last_inbound_at is not
  // indexed, so an inbound message's update of it is HOT), then the page's contacts by primary key.
  it.each<[string, ListContacts, string, string]>([
    ['newest first (the default)', {}, 'contacts', 'contacts_tenant_id_created_at_id_idx'],
    ['by name', { sort: 'name', order: 'asc' }, 'contacts', 'contacts_tenant_id_name_id_idx'],
    [
      'by last message',
      { sort: 'last_message', order: 'desc' },
      'contact_activity',
      'contact_activity_tenant_id_last_inbound_at_contact_id_idx',
    ],
    [
      'by last message, oldest first',
      { sort: 'last_message', order: 'asc' },
      'contact_activity',
      'contact_activity_tenant_id_last_inbound_at_contact_id_idx',
    ],
  ])(
    '%s: one statement on the sort index, no sort of the table, first page and 200 pages in',
    async (_, query, table, index) => {
      const cursor = await pagesIn(query, 200);
      for (const at of [undefined, cursor]) {
        const { result, reads, plan, tables } = await page(
          { ...query, limit: 50, ...(at ? { cursor: decode(at) } : {}) },
          table,
        );
        expect(result.data).toHaveLength(50);
        expect(reads).toHaveLength(1);
        expect(tables).toEqual(['tenant scope', table, 'contacts', 'pipeline_stages', 'COMMIT']);
        const scans = on(plan, table);
        expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
        expect(scans.some((node) => node['Index Name'] === index)).toBe(true);
        expect(plan.map((node) => node['Node Type'])).not.toContain('Sort');
      }
    },
  );

  // Issue 21, eleventh round: the keyset cursor is an index condition of the sort's index (a row
  // comparison (value, id) with the cursor's, contact-cursor.ts afterCursor), not a filter over every row before it: a page 200
  // pages in (10,000 rows) reads the page's rows from the index, as the first page does. Before,
  // the cursor was an OR the index could not use: the scan read the tenant's rows from the start of
  // the sort and filtered out the 10,000 before the cursor (docs/performance.md, issue 21, eleventh
  // round). Counted by EXPLAIN ANALYZE (rows the scans read: returned plus removed by their filters),
  // for every sort the list offers, each direction; the page checked against the same order read
  // with an offset.
  it.each<[ListContacts, number, string, RegExp[]]>([
    [{ sort: 'created', order: 'desc' }, 200, 'contacts', [/ROW\(created_at, id\) < ROW/]],
    [{ sort: 'created', order: 'asc' }, 200, 'contacts', [/ROW\(created_at, id\) > ROW/]],
    [{ sort: 'name', order: 'asc' }, 200, 'contacts', [/ROW\(name, id\) > ROW/]],
    // Name descending puts the nameless (10,000) first: 150 pages in is among them; the 201st page
    // is the first of the named, read as a second part when the first (the nameless after the
    // cursor) runs out.
    [{ sort: 'name', order: 'desc' }, 150, 'contacts', [/name IS NULL.*id </]],
    [{ sort: 'name', order: 'desc' }, 200, 'contacts', [/name IS NULL.*id </, /name IS NOT NULL/]],
    [
      { sort: 'last_message', order: 'desc' },
      200,
      'contact_activity',
      [/ROW\(last_inbound_at, contact_id\) < ROW/],
    ],
    // Oldest first puts those who never wrote (25,000) first: 200 pages in is among them.
    [
      { sort: 'last_message', order: 'asc' },
      200,
      'contact_activity',
      [/last_inbound_at IS NULL.*contact_id >/],
    ],
  ])(
    '%j, %i pages in: the page read from the index by its cursor (an Index Cond), not filtered',
    async (query, pages, table, conds) => {
      const cursor = await pagesIn(query, pages);
      const { result, reads } = await page({ ...query, limit: 50, cursor: decode(cursor!) }, table);
      expect(result.data.map((row) => row.id)).toEqual(await offsetPage(query, pages * 50));
      expect(reads).toHaveLength(conds.length);
      let read = 0;
      let buffers = 0;
      for (const [index, statement] of reads.entries()) {
        const params = JSON.parse(statement.params) as unknown[];
        const [explained] = await withTenant(prisma, principal.tenantId, (tx) =>
          tx.$queryRawUnsafe<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
            `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.query}`,
            ...params,
          ),
        );
        const scans = on(nodes(explained['QUERY PLAN'][0].Plan), table);
        for (const node of scans) {
          const loops = node['Actual Loops'] ?? 1;
          read += ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops;
          buffers += (node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0);
        }
        expect(scans.map((node) => node['Index Cond'] ?? '').join(' ')).toMatch(conds[index]);
      }
      process.stdout.write(
        `${JSON.stringify(query)} ${pages} pages in: ${read} rows read, ${buffers} buffers\n`,
      );
      // The page (50) and the row that says another follows: not 10,000.
      expect(read).toBeLessThanOrEqual(51);
    },
  );

  // Issue 21, eleventh round: a cursor's time is a millisecond, created_at a microsecond; the rows one
  // statement wrote share theirs. Paged through such a group (120 rows, limit 50), every page is the
  // same as the order read with an offset: none passed over (newest first, it skipped the rest of the
  // group), none repeated (oldest first, every page began with the cursor's row).
  it.each<[ListContacts, number]>([
    [{ sort: 'created', order: 'desc' }, 104],
    [{ sort: 'created', order: 'asc' }, 5],
  ])('%j: rows sharing created_at are paged through, none passed over or repeated', async (query, pages) => {
    await pagesIn(query, pages, async (ids, n) => {
      if (n >= pages - 6) expect(ids).toEqual(await offsetPage(query, n * 50));
    });
  });

  // Issue 21, eleventh round, review: the cursor names the last row shown (its exact value and id),
  // so what happens to that row between two page loads cannot move the next page. The k2 cursor
  // counted the rows of its millisecond instead (`skip: seen`): when the counted row left that
  // millisecond (it wrote again, it was erased, it left the filter) the next page passed over a row
  // nobody saw. A tenant of its own (130 contacts: 60 sharing one created_at, 70 one last message,
  // to the microsecond); each next page compared with an offset read over the rows as they are then.
  describe('what happens to the last row shown between pages', () => {
    let moves: Principal;
    beforeAll(async () => {
      const tenant = await prisma.tenant.create({ data: { slug: `moves-${Date.now()}`, name: 'Moves' } });
      await prisma.$executeRaw`
        INSERT INTO contacts (tenant_id, phone, name, last_inbound_at, created_at)
        SELECT ${tenant.id}::uuid, '+3516' || lpad(n::text, 8, '0'), 'Moves ' || n,
               CASE WHEN n <= 70 THEN '2011-01-01 00:00:00.000654+00'::timestamptz
                    ELSE '2011-01-01'::timestamptz + (n || ' minutes')::interval END,
               CASE WHEN n <= 60 THEN '2010-01-01 00:00:00.000321+00'::timestamptz
                    ELSE '2010-01-01'::timestamptz + (n || ' seconds')::interval END
        FROM generate_series(1, 130) AS n`;
      moves = { ...principal, tenantId: tenant.id } as Principal;
    });

    const list = (query: ListContacts) => service.list(moves, { limit: 50, ...query });
    const offset = (query: ListContacts, skip: number, where?: Prisma.ContactWhereInput) =>
      offsetRead(prisma, moves, query, skip, where);

    it.each<ListContacts>([
      { sort: 'last_message', order: 'desc' },
      { sort: 'last_message', order: 'asc' },
      { sort: 'created', order: 'desc' },
      { sort: 'created', order: 'asc' },
    ])('%j: a group of ties paged through as an offset reads it', async (query) => {
      let cursor: string | null = null;
      for (let n = 0; n < 3; n += 1) {
        const next = await list({ ...query, ...(cursor ? { cursor: decode(cursor) } : {}) });
        expect(next.data.map((row) => row.id)).toEqual(await offset(query, n * 50));
        cursor = next.nextCursor;
      }
      expect(cursor).toBeNull();
    });

    it('last message: the last contact shown writes again, the next page starts after it', async () => {
      const query: ListContacts = { sort: 'last_message', order: 'desc' };
      const first = await list(query);
      const last = first.data[49];
      await prisma.contact.update({ where: { id: last.id }, data: { lastInboundAt: new Date() } });
      // It went to the top: the 49 others shown are now 1..49, the next page is from 50 on.
      const next = await list({ ...query, cursor: decode(first.nextCursor!) });
      expect(next.data.map((row) => row.id)).toEqual(await offset(query, 50));
    });

    it('oldest first amid one created_at: the last contact shown is erased, none is passed over', async () => {
      const query: ListContacts = { sort: 'created', order: 'asc' };
      const first = await list(query);
      await prisma.contact.delete({ where: { id: first.data[49].id } });
      const next = await list({ ...query, cursor: decode(first.nextCursor!) });
      expect(next.data.map((row) => row.id)).toEqual(await offset(query, 49));
    });

    it('stage=none: the last contact shown is put into a stage, "Show more" misses no one', async () => {
      const query: ListContacts = { sort: 'created', order: 'desc', stage: 'none' };
      const stage = await prisma.pipelineStage.create({
        data: { tenantId: moves.tenantId, name: 'Won', position: 0 },
      });
      const first = await list(query);
      await prisma.contact.update({ where: { id: first.data[49].id }, data: { stageId: stage.id } });
      const next = await list({ ...query, cursor: decode(first.nextCursor!) });
      expect(next.data.map((row) => row.id)).toEqual(await offset(query, 49, { stageId: null }));
    });
  });

  /** Pages of 50 read one after another by their cursors (each page's ids to `each`); the last cursor. */
  async function pagesIn(
    query: ListContacts,
    pages: number,
    each?: (ids: string[], n: number) => Promise<void>,
  ): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let n = 0; n < pages; n += 1) {
      const next = await service.list(principal, {
        ...query,
        limit: 50,
        ...(cursor ? { cursor: decode(cursor) } : {}),
      });
      await each?.(
        next.data.map((row) => row.id),
        n,
      );
      cursor = next.nextCursor ?? undefined;
    }
    return cursor;
  }

  async function offsetPage(query: ListContacts, skip: number): Promise<string[]> {
    return offsetRead(prisma, principal, query, skip);
  }
});

/**
 * The same page read with an offset (the order the list promises, whatever its cursor does), by
 * Prisma's own orderBy: created newest first, names A→Z with the nameless last, those who wrote
 * newest first with those who never did last; the other direction reverses each.
 */
async function offsetRead(
  prisma: PrismaClient,
  principal: Principal,
  query: ListContacts,
  skip: number,
  where: Prisma.ContactWhereInput = {},
): Promise<string[]> {
  const sort = query.sort ?? 'created';
  const order: SortOrder = query.order ?? (sort === 'name' ? 'asc' : 'desc');
  const nulls = (sort === 'name' ? order === 'desc' : order === 'asc') ? 'first' : 'last';
  const by: Prisma.ContactOrderByWithRelationInput =
    sort === 'created'
      ? { createdAt: order }
      : sort === 'name'
        ? { name: { sort: order, nulls } }
        : { lastInboundAt: { sort: order, nulls } };
  return withTenant(prisma, principal.tenantId, async (tx) =>
    (
      await tx.contact.findMany({ where, select: { id: true }, orderBy: [by, { id: order }], skip, take: 50 })
    ).map((row) => row.id),
  );
}

/** The service takes the decoded cursor (the request schema decodes the query string). */
function decode(text: string) {
  return decodeContactCursor(text)!;
}
