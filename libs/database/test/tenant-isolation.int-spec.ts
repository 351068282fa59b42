import { randomUUID } from 'node:crypto';
import {
  createPrismaClient,
  InvalidTenantIdError,
  runMigrations,
  TENANT_ROLE,
  withTenant,
  type PrismaClient,
  type TenantTransaction,
} from '../src';
import { loadDataModel, tableName } from './support/data-model';
import { seedTenant, type TenantRows } from './support/tenant-fixtures';
import { databaseUrl, dropDatabase, throwAwayDatabaseName, withClient } from './support/test-database';

const database = throwAwayDatabaseName();
let prisma: PrismaClient;
let a: TenantRows;
let b: TenantRows;

beforeAll(async () => {
  await runMigrations({ databaseUrl: databaseUrl(database) });
  // One connection, so every test also proves the tenant scope does not leak to the next user of it.
  prisma = createPrismaClient({ url: databaseUrl(database), maxConnections: 1 });
  a = await seedTenant(prisma, 'a');
  b = await seedTenant(prisma, 'b');
});

afterAll(async () => {
  await prisma?.$disconnect();
  await dropDatabase(database);
});

// The tables the brief singles out, each with the id of tenant A's and B's row.
const tables = [
  {
    table: 'contacts',
    delegate: 'contact',
    id: (t: TenantRows) => t.contactId,
    change: { name: 'taken over' },
  },
  { table: 'flows', delegate: 'flow', id: (t: TenantRows) => t.flowId, change: { name: 'taken over' } },
  {
    table: 'flow_runs',
    delegate: 'flowRun',
    id: (t: TenantRows) => t.runId,
    change: { currentNode: 'evil' },
  },
  {
    table: 'messages',
    delegate: 'message',
    id: (t: TenantRows) => t.messageId,
    change: { errorMessage: 'evil' },
  },
] as const;

type Row = Record<string, unknown>;
interface Delegate {
  findMany(args?: { select: Row }): Promise<Row[]>;
  findUnique(args: { where: Row }): Promise<Row | null>;
  update(args: { where: Row; data: Row }): Promise<Row>;
  updateMany(args: { where: Row; data: Row }): Promise<{ count: number }>;
  delete(args: { where: Row }): Promise<Row>;
  deleteMany(args: { where: Row }): Promise<{ count: number }>;
  count(): Promise<number>;
}
const delegate = (client: PrismaClient | TenantTransaction, name: string): Delegate =>
  (client as unknown as Record<string, Delegate>)[name];

describe.each(tables)('withTenant on $table', ({ delegate: name, id, change }) => {
  it("lists only the tenant's own rows", async () => {
    const rows = await withTenant(prisma, a.tenantId, (tx) =>
      delegate(tx, name).findMany({ select: { id: true, tenantId: true } }),
    );

    expect(rows).toEqual([{ id: id(a), tenantId: a.tenantId }]);
  });

  it("cannot read another tenant's row by id", async () => {
    const [own, foreign] = await withTenant(prisma, a.tenantId, (tx) =>
      Promise.all([
        delegate(tx, name).findUnique({ where: { id: id(a) } }),
        delegate(tx, name).findUnique({ where: { id: id(b) } }),
      ]),
    );

    expect(own).toMatchObject({ id: id(a) });
    expect(foreign).toBeNull();
  });

  it("cannot update another tenant's row by id", async () => {
    const count = await withTenant(
      prisma,
      a.tenantId,
      async (tx) => (await delegate(tx, name).updateMany({ where: { id: id(b) }, data: change })).count,
    );
    const single = withTenant(prisma, a.tenantId, (tx) =>
      delegate(tx, name).update({ where: { id: id(b) }, data: change }),
    );

    expect(count).toBe(0);
    await expect(single).rejects.toMatchObject({ code: 'P2025' });
    const untouched = await delegate(prisma, name).findUnique({ where: { id: id(b) } });
    for (const [field, value] of Object.entries(change)) expect(untouched?.[field]).not.toEqual(value);
  });

  it("cannot delete another tenant's row by id", async () => {
    const count = await withTenant(
      prisma,
      a.tenantId,
      async (tx) => (await delegate(tx, name).deleteMany({ where: { id: id(b) } })).count,
    );
    const single = withTenant(prisma, a.tenantId, (tx) =>
      delegate(tx, name).delete({ where: { id: id(b) } }),
    );

    expect(count).toBe(0);
    await expect(single).rejects.toMatchObject({ code: 'P2025' });
    expect(await delegate(prisma, name).findUnique({ where: { id: id(b) } })).not.toBeNull();
  });

  it('cannot move its own row to another tenant', async () => {
    const move = withTenant(prisma, a.tenantId, (tx) =>
      delegate(tx, name).update({ where: { id: id(a) }, data: { tenantId: b.tenantId } }),
    );

    await expect(move).rejects.toThrow(/row-level security/);
    expect(await delegate(prisma, name).findUnique({ where: { id: id(a) } })).toMatchObject({
      tenantId: a.tenantId,
    });
  });

  it('sees nothing when no tenant is set', async () => {
    const count = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('role', ${TENANT_ROLE}, true)`;
      return delegate(tx, name).count();
    });

    expect(count).toBe(0);
    expect(await delegate(prisma, name).count()).toBeGreaterThanOrEqual(2);
  });
});

describe('withTenant inserts', () => {
  it("rejects a row carrying another tenant's id", async () => {
    const contact = withTenant(prisma, a.tenantId, (tx) =>
      tx.contact.create({ data: { tenantId: b.tenantId, phone: '+15550000001' } }),
    );
    const flow = withTenant(prisma, a.tenantId, (tx) =>
      tx.flow.create({ data: { tenantId: b.tenantId, key: 'sneaky', name: 'Sneaky', draft: {} } }),
    );

    await expect(contact).rejects.toThrow(/row-level security/);
    await expect(flow).rejects.toThrow(/row-level security/);
    expect(await prisma.contact.count({ where: { phone: '+15550000001' } })).toBe(0);
    expect(await prisma.flow.count({ where: { key: 'sneaky' } })).toBe(0);
  });

  it("accepts a row of the tenant's own, visible afterwards to that tenant only", async () => {
    const created = await withTenant(prisma, a.tenantId, (tx) =>
      tx.contact.create({ data: { tenantId: a.tenantId, phone: '+15550000002' } }),
    );

    const seenByB = await withTenant(prisma, b.tenantId, (tx) =>
      tx.contact.findUnique({ where: { id: created.id } }),
    );
    expect(seenByB).toBeNull();
    expect(await prisma.contact.findUnique({ where: { id: created.id } })).toMatchObject({
      tenantId: a.tenantId,
    });
  });

  it('rejects any insert when no tenant is set', async () => {
    const insert = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('role', ${TENANT_ROLE}, true)`;
      return tx.contact.create({ data: { tenantId: a.tenantId, phone: '+15550000003' } });
    });

    await expect(insert).rejects.toThrow(/row-level security/);
  });
});

describe('withTenant scope', () => {
  it('sees only its own tenant record and can update its settings', async () => {
    const visible = await withTenant(prisma, a.tenantId, async (tx) => {
      await tx.tenant.update({ where: { id: a.tenantId }, data: { settings: { businessName: 'A Ltd' } } });
      return tx.tenant.findMany({ select: { id: true, settings: true } });
    });

    expect(visible).toEqual([{ id: a.tenantId, settings: { businessName: 'A Ltd' } }]);
  });

  it('rejects a tenant id that is not a UUID before touching the database', async () => {
    const fn = jest.fn();

    await expect(withTenant(prisma, "x' OR 1=1 --", fn)).rejects.toThrow(InvalidTenantIdError);
    await expect(withTenant(prisma, '', fn)).rejects.toThrow('tenant id must be a UUID, got ""');
    expect(fn).not.toHaveBeenCalled();
  });

  it('sees nothing for a well-formed id of no tenant', async () => {
    const count = await withTenant(prisma, randomUUID(), (tx) => tx.contact.count());

    expect(count).toBe(0);
  });

  it('rolls back everything when the callback throws', async () => {
    const failing = withTenant(prisma, a.tenantId, async (tx) => {
      await tx.contact.create({ data: { tenantId: a.tenantId, phone: '+15550000004' } });
      throw new Error('changed my mind');
    });

    await expect(failing).rejects.toThrow('changed my mind');
    expect(await prisma.contact.count({ where: { phone: '+15550000004' } })).toBe(0);
  });

  it('leaves the pooled connection as the system role with no tenant once it ends', async () => {
    await withTenant(prisma, a.tenantId, (tx) => tx.contact.count());
    await withTenant(prisma, a.tenantId, async () => {
      throw new Error('boom');
    }).catch(() => undefined);

    const [state] = await prisma.$queryRaw<Array<{ switched: boolean; tenant: string | null }>>`
      SELECT current_user <> session_user AS switched, NULLIF(current_setting('app.tenant_id', true), '') AS tenant`;
    expect(state).toEqual({ switched: false, tenant: null });
    expect(
      await prisma.contact.count({ where: { tenantId: { in: [a.tenantId, b.tenantId] } } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('cannot change published flow versions or read the migration history', async () => {
    const update = withTenant(prisma, a.tenantId, (tx) =>
      tx.flowVersion.update({ where: { id: a.versionId }, data: { definition: { nodes: ['changed'] } } }),
    );
    const history = withTenant(prisma, a.tenantId, (tx) => tx.$queryRaw`SELECT * FROM "_prisma_migrations"`);

    await expect(update).rejects.toThrow(/permission denied/);
    await expect(history).rejects.toThrow(/permission denied/);
  });
});

describe('row-level security in the catalog', () => {
  it('guards every table with a tenant_id column, and every table of the data model', async () => {
    const tenantTables = loadDataModel()
      .models.filter((model) => model.fields.some((field) => field.name === 'tenantId'))
      .map(tableName)
      .sort();
    const state = await withClient(database, async (client) => {
      const { rows } = await client.query<{
        table: string;
        enabled: boolean;
        forced: boolean;
        policies: string[];
      }>(
        `SELECT c.relname::text AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                array(SELECT p.polname::text FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
           FROM pg_class c
          WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
          ORDER BY 1`,
      );
      return rows;
    });

    expect(state.map((row) => row.table)).toEqual(tenantTables);
    expect(tenantTables.length).toBeGreaterThanOrEqual(13);
    for (const row of state) {
      expect(row).toEqual({ table: row.table, enabled: true, forced: true, policies: ['tenant_isolation'] });
    }
  });

  // Either tenant_id -> tenants(id), or a composite key (tenant_id, x) -> (tenant_id, id) of a table
  // that itself has the first kind (issue 21, eleventh round: conversations, messages, contact_events
  // and contact_activity to contacts, run_events to flow_runs): every row is deleted with its tenant,
  // at most one cascade further down.
  const CASCADE_STATE = `
    WITH keys AS (
      SELECT f.conrelid, f.confrelid, f.confdeltype = 'c' AS cascades,
             (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(f.conkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.n) AS own,
             (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(f.confkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.n) AS referenced
        FROM pg_constraint f WHERE f.contype = 'f'),
    direct AS (
      SELECT conrelid FROM keys
       WHERE cascades AND confrelid = 'tenants'::regclass AND own = ARRAY['tenant_id'] AND referenced = ARRAY['id'])
    SELECT c.relname::text AS table,
           (c.oid IN (SELECT conrelid FROM direct)
            OR EXISTS (SELECT 1 FROM keys k
                        WHERE k.conrelid = c.oid AND k.cascades AND cardinality(k.own) = 2 AND k.own[1] = 'tenant_id'
                          AND k.referenced = ARRAY['tenant_id', 'id'] AND k.confrelid IN (SELECT conrelid FROM direct)))
             AS cascades,
           EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                    WHERE i.indrelid = c.oid AND a.attname = 'tenant_id') AS indexed
      FROM pg_class c
     WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')`;

  it('gives every tenant-owned table a cascading foreign key to tenants (or to a tenant-owned row) and an index led by tenant_id', async () => {
    const rows = await withClient(database, async (client) => {
      const { rows: found } = await client.query<{ table: string; cascades: boolean; indexed: boolean }>(
        CASCADE_STATE,
      );
      return found;
    });

    expect(rows.length).toBeGreaterThanOrEqual(13);
    for (const row of rows) expect(row).toEqual({ table: row.table, cascades: true, indexed: true });
  });

  it('does not take any cascading key led by tenant_id for one to a tenant-owned row', async () => {
    const probe = await withClient(database, async (client) => {
      await client.query('BEGIN');
      try {
        // Led by tenant_id, cascading, but to (tenant_id, dedupe_key) of a table with no tenant key.
        await client.query(
          `CREATE TABLE fk_probe (tenant_id uuid, dedupe_key text,
             FOREIGN KEY (tenant_id, dedupe_key) REFERENCES contact_events (tenant_id, dedupe_key) ON DELETE CASCADE)`,
        );
        await client.query('CREATE INDEX ON fk_probe (tenant_id)');
        const { rows: found } = await client.query<{ table: string; cascades: boolean }>(
          `SELECT "table", cascades FROM (${CASCADE_STATE}) s WHERE "table" = 'fk_probe'`,
        );
        return found;
      } finally {
        await client.query('ROLLBACK');
      }
    });

    expect(probe).toEqual([{ table: 'fk_probe', cascades: false }]);
  });
});
