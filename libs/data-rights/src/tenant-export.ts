import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { quoteIdentifier } from './contact-tables';

export const TENANT_EXPORT_FORMAT = 'leadline.tenant-export.v1';

/**
 * Tables a tenant export leaves out, and why. Every other table with a tenant_id column is exported
 * in full (the test checks the two lists cover every tenant table).
 */
export const TENANT_EXPORT_EXCLUDED: Readonly<Record<string, string>> = {
  tenant_secrets: 'sealed credentials (AI keys, tokens): secrets are never exported',
  outbox: "the engine's internal queue of effects, already reflected in messages and timers",
  webhook_delivery_attempts: 'per-attempt delivery log; the deliveries themselves are exported',
  contact_activity:
    "a copy of each contact's last_inbound_at kept by a trigger for the contacts list's sort; the contacts are exported",
};

/**
 * Columns that hold secrets or their hashes; they are removed from exported rows. A hash of a
 * credential is as good as the credential to whoever can look rows up by it (refresh tokens and API
 * keys are found by their sha256) or guess it offline (passwords). The test reads every column whose
 * name looks like a credential from the catalogue, so a new one fails it until it is listed here.
 */
export const TENANT_EXPORT_REDACTED: Readonly<Record<string, readonly string[]>> = {
  users: ['password_hash'],
  api_keys: ['key_hash'],
  refresh_tokens: ['token_hash'],
  channels: ['encrypted_credentials'],
  webhook_subscriptions: ['sealed_secret'],
  // A browser's push keys: with them (and the endpoint) anyone could encrypt pushes to that browser.
  push_subscriptions: ['p256dh', 'auth'],
};

export const TENANT_EXPORT_BATCH = 500;

/** Every table with a tenant_id column (the tenants table itself is exported separately). */
export async function tenantTables(tx: TenantTransaction): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ table_name: string }>>`
    SELECT c.table_name::text AS table_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name`;
  return rows.map((row) => row.table_name);
}

/**
 * A row as JSON, built by PostgreSQL: bytea becomes base64 (to_jsonb would print \x hex), bigint a
 * number, timestamps ISO strings; redacted columns are dropped.
 */
function rowSql(table: string, idType: IdType): string {
  const redacted = TENANT_EXPORT_REDACTED[table] ?? [];
  const drop = redacted.map((column) => ` - '${column}'`).join('');
  const bytea = table === 'documents' ? ` || jsonb_build_object('content', encode(t.content, 'base64'))` : '';
  return `SELECT (to_jsonb(t)${drop}${bytea})::text AS row, t.id::text AS cursor
    FROM ${quoteIdentifier(table)} t
    WHERE $1::text IS NULL OR t.id > $1::text::${idType}
    ORDER BY t.id LIMIT $2`;
}

/**
 * Writes the whole tenant as one JSON document, a table at a time in batches of
 * TENANT_EXPORT_BATCH rows (keyset pages by id), so memory stays flat however large the tenant.
 * Each batch is its own short transaction: the export is not one point-in-time snapshot, and rows
 * written while it runs may or may not appear. `write` may wait (e.g. for a slow HTTP client).
 */
export async function exportTenant(
  prisma: PrismaClient,
  tenantId: string,
  write: (chunk: string) => Promise<void> | void,
  now: Date,
  batchSize = TENANT_EXPORT_BATCH,
): Promise<{ rows: Record<string, number> }> {
  const { tenant, tables } = await withTenant(prisma, tenantId, async (tx) => ({
    tenant: await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
    tables: (await tenantTables(tx)).filter((table) => !(table in TENANT_EXPORT_EXCLUDED)),
  }));
  const counts: Record<string, number> = {};
  await write(
    `{"format":${JSON.stringify(TENANT_EXPORT_FORMAT)},"exportedAt":${JSON.stringify(now.toISOString())},` +
      `"tenant":${JSON.stringify(tenant)},"tables":{`,
  );
  for (const [index, table] of tables.entries()) {
    await write(`${index ? ',' : ''}${JSON.stringify(table)}:[`);
    const idType = await withTenant(prisma, tenantId, (tx) => idTypeOf(tx, table));
    let cursor: string | null = null;
    let count = 0;
    for (;;) {
      const page: Array<{ row: string; cursor: string }> = await withTenant(prisma, tenantId, (tx) =>
        tx.$queryRawUnsafe(rowSql(table, idType), cursor, batchSize),
      );
      for (const { row } of page) await write(`${count++ ? ',' : ''}${row}`);
      if (page.length < batchSize) break;
      cursor = page[page.length - 1]!.cursor;
    }
    counts[table] = count;
    await write(']');
  }
  await write('}}');
  return { rows: counts };
}

type IdType = 'uuid' | 'bigint';

/** Every tenant table pages by its `id` (uuid or bigint); anything else fails loudly. */
async function idTypeOf(tx: TenantTransaction, table: string): Promise<IdType> {
  const rows = await tx.$queryRaw<Array<{ data_type: string }>>`
    SELECT data_type::text AS data_type FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name = ${table} AND column_name = 'id'`;
  const type = rows[0]?.data_type;
  if (type === 'uuid' || type === 'bigint') return type;
  throw new Error(`table ${table} has no uuid or bigint id column to page by`);
}
