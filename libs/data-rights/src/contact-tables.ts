import type { TenantTransaction } from '@leadline/database';

/**
 * Every table with a contact_id column, read from the catalogue rather than listed by hand, so a
 * table added later is covered by erasure (and flagged by the export test) without anyone
 * remembering to add it here.
 */
export async function tablesWithContactId(tx: TenantTransaction): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ table_name: string }>>`
    SELECT c.table_name::text AS table_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'contact_id' AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name`;
  return rows.map((row) => row.table_name);
}

/** Table names come from the catalogue; still, only plain identifiers are ever spliced into SQL. */
export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`refusing unusual table name ${JSON.stringify(name)}`);
  return `"${name}"`;
}
