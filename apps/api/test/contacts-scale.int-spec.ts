import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, withTenant } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import type { Principal } from '../src/modules/auth/api-key-principal';
import type { AuditService } from '../src/modules/audit/audit.service';
import { decodeContactCursor } from '../src/modules/contacts/contact-cursor';
import type { ListContacts } from '../src/modules/contacts/contacts.schema';
import { ContactsService } from '../src/modules/contacts/contacts.service';

const CONTACTS = 100_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
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
    // What the page cost: the tenant scope, the contacts, their stages (by primary key), commit.
    const tables = statements.map((s) =>
      /^SELECT set_config/.test(s.query)
        ? 'tenant scope'
        : (/FROM "public"\."(\w+)"/.exec(s.query)?.[1] ?? s.query.split(' ')[0]),
    );
    const reads = statements.filter((s) => s.query.includes(`FROM "public"."${table}"`));
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
      let cursor: string | undefined;
      for (let n = 0; n < 200; n += 1) {
        const next = await service.list(principal, {
          ...query,
          limit: 50,
          ...(cursor ? { cursor: decode(cursor) } : {}),
        });
        cursor = next.nextCursor ?? undefined;
      }
      for (const at of [undefined, cursor]) {
        const { result, reads, plan, tables } = await page(
          { ...query, limit: 50, ...(at ? { cursor: decode(at) } : {}) },
          table,
        );
        expect(result.data).toHaveLength(50);
        expect(reads).toHaveLength(1);
        expect(tables).toEqual([
          'tenant scope',
          ...(table === 'contacts' ? [] : [table]),
          'contacts',
          'pipeline_stages',
          'COMMIT',
        ]);
        const scans = on(plan, table);
        expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
        expect(scans.some((node) => node['Index Name'] === index)).toBe(true);
        expect(plan.map((node) => node['Node Type'])).not.toContain('Sort');
      }
    },
  );
});

/** The service takes the decoded cursor (the request schema decodes the query string). */
function decode(text: string) {
  return decodeContactCursor(text)!;
}
