// Rules the database itself enforces, whoever writes: immutable flow versions, one active run per
// contact and flow, webhook routing keys unique across tenants, and complete erasure of a tenant.
import { createPrismaClient, runMigrations, type PrismaClient } from '../src';
import { loadDataModel, tableName } from './support/data-model';
import { createOneOfEverything } from './support/sample-rows';
import { seedTenant, type TenantRows } from './support/tenant-fixtures';
import { databaseUrl, dropDatabase, throwAwayDatabaseName, withClient } from './support/test-database';

const database = throwAwayDatabaseName();
let prisma: PrismaClient;

beforeAll(async () => {
  await runMigrations({ databaseUrl: databaseUrl(database) });
  prisma = createPrismaClient({ url: databaseUrl(database) });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await dropDatabase(database);
});

describe('flow_versions', () => {
  let t: TenantRows;
  beforeAll(async () => {
    t = await seedTenant(prisma, 'versions');
  });

  it('rejects any update of a published version, even by the system client', async () => {
    const update = prisma.flowVersion.update({
      where: { id: t.versionId },
      data: { definition: { nodes: ['x'] } },
    });
    const raw = prisma.$executeRaw`UPDATE flow_versions SET version = 99 WHERE id = ${t.versionId}::uuid`;

    await expect(update).rejects.toThrow(/flow_versions rows are immutable/);
    await expect(raw).rejects.toThrow(/flow_versions rows are immutable/);
    expect(await prisma.flowVersion.findUnique({ where: { id: t.versionId } })).toMatchObject({
      version: 1,
      definition: { nodes: [] },
    });
  });

  it('allows deleting a version with its flow, clearing nothing else', async () => {
    const flow = await prisma.flow.create({
      data: { tenantId: t.tenantId, key: 'short-lived', name: 'S', draft: {} },
    });
    const version = await prisma.flowVersion.create({
      data: { tenantId: t.tenantId, flowId: flow.id, version: 1, definition: {} },
    });
    await prisma.flow.update({ where: { id: flow.id }, data: { activeVersionId: version.id } });

    await prisma.flow.delete({ where: { id: flow.id } });

    expect(await prisma.flowVersion.findUnique({ where: { id: version.id } })).toBeNull();
    expect(await prisma.flowVersion.findUnique({ where: { id: t.versionId } })).not.toBeNull();
  });

  it('numbers versions once per flow', async () => {
    const duplicate = prisma.flowVersion.create({
      data: { tenantId: t.tenantId, flowId: t.flowId, version: 1, definition: {} },
    });

    await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });
  });
});

describe('flow_runs', () => {
  let t: TenantRows;
  beforeAll(async () => {
    t = await seedTenant(prisma, 'runs');
  });

  const newRun = (status: 'running' | 'waiting' | 'handoff' | 'completed' | 'failed' | 'cancelled') =>
    prisma.flowRun.create({
      data: {
        tenantId: t.tenantId,
        flowId: t.flowId,
        flowVersionId: t.versionId,
        contactId: t.contactId,
        status,
      },
    });

  it.each(['running', 'waiting', 'handoff'] as const)(
    'refuses a second active run of the same flow for a contact (%s)',
    async (status) => {
      // The seeded run is waiting, so the contact already has an active run of this flow.
      await expect(newRun(status)).rejects.toMatchObject({ code: 'P2002' });
    },
  );

  it('allows any number of finished runs, and a new active run once the old one ended', async () => {
    await newRun('completed');
    await newRun('failed');
    await newRun('cancelled');
    await prisma.flowRun.update({
      where: { id: t.runId },
      data: { status: 'completed', endedAt: new Date() },
    });

    const next = await newRun('running');

    expect(next.status).toBe('running');
    expect(await prisma.flowRun.count({ where: { contactId: t.contactId } })).toBe(5);
  });
});

describe('channels', () => {
  it('routes each provider phone number to a single channel across all tenants', async () => {
    const first = await seedTenant(prisma, 'route-a');
    const second = await seedTenant(prisma, 'route-b');
    const taken = await prisma.channel.findUniqueOrThrow({ where: { id: first.channelId } });

    const clash = prisma.channel.create({
      data: {
        tenantId: second.tenantId,
        provider: taken.provider,
        phoneNumberId: taken.phoneNumberId,
        displayPhone: '+1',
      },
    });
    const otherProvider = prisma.channel.create({
      data: {
        tenantId: second.tenantId,
        provider: 'meta',
        phoneNumberId: taken.phoneNumberId,
        displayPhone: '+1',
      },
    });

    await expect(clash).rejects.toMatchObject({ code: 'P2002' });
    await expect(otherProvider).resolves.toMatchObject({ phoneNumberId: taken.phoneNumberId });
    expect(
      await prisma.channel.findUnique({
        where: { provider_phoneNumberId: { provider: taken.provider, phoneNumberId: taken.phoneNumberId } },
      }),
    ).toMatchObject({ tenantId: first.tenantId });
  });

  it('cannot be deleted while conversations use it', async () => {
    const t = await seedTenant(prisma, 'busy-channel');

    await expect(prisma.channel.delete({ where: { id: t.channelId } })).rejects.toThrow();
    expect(await prisma.channel.findUnique({ where: { id: t.channelId } })).not.toBeNull();
  });
});

describe('raw SQL', () => {
  it('can insert rows without ids or timestamps: the database fills them in', async () => {
    const { rows } = await withClient(database, (client) =>
      client.query(
        `INSERT INTO tenants (slug, name) VALUES ('raw-sql', 'Raw') RETURNING id, settings, created_at`,
      ),
    );

    expect(rows[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rows[0].settings).toEqual({});
    expect(rows[0].created_at).toBeInstanceOf(Date);
  });
});

describe('erasing', () => {
  const dataModel = loadDataModel();
  const tenantTables = dataModel.models
    .filter((model) => model.fields.some((field) => field.name === 'tenantId'))
    .map(tableName);

  async function rowsPerTable(tenantId: string): Promise<Record<string, number>> {
    return withClient(database, async (client) => {
      const counts: Record<string, number> = {};
      for (const table of tenantTables) {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1`,
          [tenantId],
        );
        counts[table] = rows[0].n;
      }
      return counts;
    });
  }

  /** Two tenants with one row in every table each: one to delete, one that must keep all of its rows. */
  async function twoTenants() {
    const doomedId = (await createOneOfEverything(prisma, dataModel)).created.get('Tenant')!;
    const keptId = (await createOneOfEverything(prisma, dataModel)).created.get('Tenant')!;
    return { doomedId, keptId, keptBefore: await rowsPerTable(keptId) };
  }

  it('a tenant removes every row it owns in every table, and nothing of other tenants', async () => {
    const { doomedId, keptId, keptBefore } = await twoTenants();
    expect(Object.values(await rowsPerTable(doomedId)).every((n) => n === 1)).toBe(true);

    await prisma.tenant.delete({ where: { id: doomedId } });

    expect(Object.values(await rowsPerTable(doomedId)).every((n) => n === 0)).toBe(true);
    expect(await rowsPerTable(keptId)).toEqual(keptBefore);
  });

  it('a tenant deleted by a role under row-level security: its contacts (not a namesake) go in its scope, and the scope is put back', async () => {
    const { doomedId, keptId, keptBefore } = await twoTenants();

    const scopes = await withClient(database, async (client) => {
      // leadline_app may not delete tenants; this test lets it see and delete any (this database only),
      // the way an administrator role would, while its transaction works in another tenant's scope.
      await client.query('GRANT DELETE ON tenants TO leadline_app');
      await client.query('CREATE POLICY test_delete_any ON tenants TO leadline_app USING (true)');
      try {
        await client.query('BEGIN');
        // A temporary table comes first on the default search_path: the trigger's path is pinned.
        await client.query('CREATE TEMP TABLE contacts (tenant_id uuid) ON COMMIT DROP');
        await client.query(
          "SELECT set_config('role', 'leadline_app', true), set_config('app.tenant_id', $1, true)",
          [keptId],
        );
        const { rowCount } = await client.query('DELETE FROM tenants WHERE id = $1', [doomedId]);
        const { rows } = await client.query<{ scope: string | null }>(
          "SELECT current_setting('app.tenant_id', true) AS scope",
        );
        await client.query('COMMIT');
        return { deleted: rowCount, after: rows[0].scope };
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.query('DROP POLICY test_delete_any ON tenants');
        await client.query('REVOKE DELETE ON tenants FROM leadline_app');
      }
    });

    expect(scopes).toEqual({ deleted: 1, after: keptId });
    expect(Object.values(await rowsPerTable(doomedId)).every((n) => n === 0)).toBe(true);
    expect(await rowsPerTable(keptId)).toEqual(keptBefore);
  });

  it("a contact removes its conversations, messages and runs, not the tenant's other data", async () => {
    const t = await seedTenant(prisma, 'forget-me');

    await prisma.contact.delete({ where: { id: t.contactId } });

    expect(await prisma.conversation.count({ where: { contactId: t.contactId } })).toBe(0);
    expect(await prisma.message.count({ where: { contactId: t.contactId } })).toBe(0);
    expect(await prisma.flowRun.count({ where: { contactId: t.contactId } })).toBe(0);
    expect(await prisma.flow.count({ where: { id: t.flowId } })).toBe(1);
    expect(await prisma.channel.count({ where: { id: t.channelId } })).toBe(1);
  });
});
