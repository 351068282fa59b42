import { exportTenant, tenantTables, TENANT_EXPORT_EXCLUDED, TENANT_EXPORT_REDACTED } from '../src';
import { useTestPrisma } from './support/test-prisma';
import { seedContact, seedTenant } from './support/seed-contact';

const prisma = useTestPrisma();

async function countFor(table: string, tenantId: string): Promise<number> {
  const [row] = await prisma().$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*) AS n FROM "${table}" WHERE tenant_id = $1::uuid`,
    tenantId,
  );
  return Number(row!.n);
}

/** Columns whose names look like credentials but hold none. */
const NOT_CREDENTIALS = new Set([
  'ai_usage.input_tokens',
  'ai_usage.output_tokens',
  'campaigns.flow_key',
  'contact_events.dedupe_key',
  'documents.storage_key',
  'flows.key',
  'message_media.storage_key',
  'messages.idempotency_key',
  'pipeline_stages.start_flow_key',
]);

describe('exporting a tenant', () => {
  it('redacts every column that looks like a credential or its hash (from the catalogue)', async () => {
    const rows = await prisma().$queryRaw<Array<{ table_name: string; column_name: string }>>`
      SELECT c.table_name::text AS table_name, c.column_name::text AS column_name
        FROM information_schema.columns c
       WHERE c.table_schema = 'public'
         AND c.column_name ~ '(hash|secret|sealed|encrypt|password|token|credential|key$|^auth$|p256dh)'
         AND c.table_name IN (SELECT table_name FROM information_schema.columns
                               WHERE table_schema = 'public' AND column_name = 'tenant_id')`;
    const unprotected = rows
      .filter((row) => !(row.table_name in TENANT_EXPORT_EXCLUDED))
      .filter((row) => !(TENANT_EXPORT_REDACTED[row.table_name] ?? []).includes(row.column_name))
      .map((row) => `${row.table_name}.${row.column_name}`)
      .filter((column) => !NOT_CREDENTIALS.has(column));
    expect(unprotected).toEqual([]);
  });

  it('writes every tenant table in full, in pages, without secrets or other tenants', async () => {
    const tenant = await seedTenant(prisma());
    for (let i = 0; i < 3; i += 1) await seedContact(prisma(), tenant, `+3460000010${i}`);
    const user = await prisma().user.create({
      data: { tenantId: tenant.tenantId, email: 'ana@example.com', passwordHash: '$2b$12$secret-hash' },
    });
    await prisma().apiKey.create({
      data: { tenantId: tenant.tenantId, name: 'zapier', prefix: 'll_abc', keyHash: 'sha256-of-key' },
    });
    await prisma().refreshToken.create({
      data: {
        tenantId: tenant.tenantId,
        userId: user.id,
        familyId: '00000000-0000-4000-8000-0000000000f1',
        tokenHash: 'sha256-of-refresh-token',
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await prisma().tenantSecret.create({
      data: { tenantId: tenant.tenantId, name: 'OPENAI', sealed: new Uint8Array([9, 9, 9]) },
    });
    await prisma().pushSubscription.create({
      data: {
        tenantId: tenant.tenantId,
        userId: user.id,
        endpoint: 'https://push.example.test/send/abc',
        p256dh: 'browser-public-key-p256dh',
        auth: 'browser-auth-secret',
      },
    });
    const other = await seedTenant(prisma(), 'Someone else');
    await seedContact(prisma(), other, '+34699999999');

    const chunks: string[] = [];
    // A batch of 2 rows makes every table with several rows span pages.
    const { rows } = await exportTenant(
      prisma(),
      tenant.tenantId,
      (chunk) => void chunks.push(chunk),
      new Date(),
      2,
    );
    const text = chunks.join('');
    const document = JSON.parse(text) as {
      tenant: { id: string };
      tables: Record<string, Array<Record<string, unknown>>>;
    };

    expect(document.tenant.id).toBe(tenant.tenantId);
    const tables = await prisma().$transaction((tx) => tenantTables(tx));
    for (const excluded of Object.keys(TENANT_EXPORT_EXCLUDED)) expect(tables).toContain(excluded);
    for (const table of tables.filter((name) => !(name in TENANT_EXPORT_EXCLUDED))) {
      const stored = await countFor(table, tenant.tenantId);
      expect({ table, rows: document.tables[table]?.length }).toEqual({ table, rows: stored });
      expect(rows[table]).toBe(stored);
      const ids = new Set(document.tables[table]!.map((row) => String(row.id)));
      expect(ids.size).toBe(stored);
    }
    expect(document.tables.messages!.length).toBe(9);
    for (const [table, columns] of Object.entries(TENANT_EXPORT_REDACTED)) {
      for (const row of document.tables[table] ?? [])
        for (const column of columns) expect(row).not.toHaveProperty(column);
    }
    expect(text).not.toContain('secret-hash');
    expect(text).not.toContain('sha256-of-key');
    expect(text).not.toContain('sha256-of-refresh-token');
    expect(document.tables.refresh_tokens).toHaveLength(1);
    // The browser stays listed (which browsers get pushes), its keys do not.
    expect(document.tables.push_subscriptions).toEqual([
      expect.objectContaining({ endpoint: 'https://push.example.test/send/abc' }),
    ]);
    expect(text).not.toContain('browser-public-key-p256dh');
    expect(text).not.toContain('browser-auth-secret');
    expect(document.tables).not.toHaveProperty('tenant_secrets');
    expect(text).not.toContain('+34699999999');
    expect(Buffer.from(String(document.tables.documents![0]!.content), 'base64').toString()).toBe(
      '%PDF-1.7 fake',
    );
  });
});
