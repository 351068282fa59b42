import type { TenantTransaction } from '@leadline/database';
import type { ContactRow } from './import-row';

/**
 * Writes one batch of contacts with a single statement (arrays unnested into rows), so 100,000 lines
 * are a hundred round trips, not a hundred thousand. An existing contact (same phone) is merged: a
 * name given replaces the old one, fields are merged key by key, tags add up. Consent only moves
 * "unknown" to "opted in": a contact who opted out stays opted out whatever the file says; the
 * import never records an opt-out either (that is the contact's own word, never a spreadsheet's).
 * `xmax = 0` tells a row this statement inserted from one it updated.
 */
export async function upsertContacts(
  tx: TenantTransaction,
  tenantId: string,
  rows: ContactRow[],
  now: Date,
): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const result = await tx.$queryRaw<Array<{ inserted: number; updated: number }>>`
    WITH input AS (
      SELECT * FROM unnest(
        ${rows.map((r) => r.phone)}::text[],
        ${rows.map((r) => r.name)}::text[],
        ${rows.map((r) => JSON.stringify(r.fields))}::jsonb[],
        ${rows.map((r) => JSON.stringify(r.tags))}::jsonb[],
        ${rows.map((r) => r.optedInAt?.toISOString() ?? null)}::timestamptz[]
      ) AS t(phone, name, fields, tags, opted_in_at)
    ), written AS (
      INSERT INTO contacts AS c (tenant_id, phone, name, fields, tags, opt_in_state, opted_in_at, created_at, updated_at)
      SELECT ${tenantId}::uuid, phone, name, fields,
             ARRAY(SELECT jsonb_array_elements_text(tags)),
             CASE WHEN opted_in_at IS NULL THEN 'unknown'::opt_in_state ELSE 'opted_in'::opt_in_state END,
             opted_in_at, ${now}::timestamptz, ${now}::timestamptz
      FROM input
      ON CONFLICT (tenant_id, phone) DO UPDATE SET
        name = COALESCE(EXCLUDED.name, c.name),
        fields = c.fields || CASE WHEN c.opt_in_state = 'opted_out'
          THEN EXCLUDED.fields - 'opt_in_source' ELSE EXCLUDED.fields END,
        tags = c.tags || ARRAY(SELECT t FROM unnest(EXCLUDED.tags) AS t WHERE t <> ALL (c.tags)),
        opt_in_state = CASE
          WHEN c.opt_in_state = 'opted_out' THEN c.opt_in_state
          WHEN EXCLUDED.opt_in_state = 'opted_in' THEN EXCLUDED.opt_in_state
          ELSE c.opt_in_state END,
        opted_in_at = CASE
          WHEN c.opt_in_state = 'unknown' AND EXCLUDED.opted_in_at IS NOT NULL THEN EXCLUDED.opted_in_at
          ELSE c.opted_in_at END,
        updated_at = ${now}::timestamptz
      RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
    FROM written`;
  return result[0] ?? { inserted: 0, updated: 0 };
}
