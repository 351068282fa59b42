import type { PrismaClient } from '@leadline/database';
import type { SecretBox } from '@leadline/secrets';
import { CliError } from '../cli-error';
import type { SealedColumn } from './sealed-columns';

export interface SealedRowRef {
  table: string;
  column: string;
  id: string;
  tenant: string;
  label: string;
  fields: Record<string, string>;
}

export interface ResealReport {
  keyId: string;
  resealed: Array<SealedRowRef & { fromKeyId: string }>;
  /** Rows already sealed with the current key, per table. */
  current: Record<string, number>;
  failed: Array<SealedRowRef & { error: string }>;
}

interface ListedRow {
  id: string;
  tenantId: string;
  tenant: string;
  [field: string]: string;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Re-encrypts every row of `columns` sealed with a previous key with the current one. A cross-tenant
 * job: the system client lists ids only, each row is then read, resealed and audited as its tenant,
 * and replaced only if nobody changed it since it was read. Rows that cannot be opened are reported,
 * left as they are, and do not stop the others.
 */
export async function resealSealedColumns(
  prisma: PrismaClient,
  box: SecretBox,
  columns: readonly SealedColumn[],
): Promise<ResealReport> {
  const { SecretBoxError } = await import('@leadline/secrets');
  const { withTenant } = await import('@leadline/database');
  const report: ResealReport = { keyId: box.primaryKeyId, resealed: [], current: {}, failed: [] };
  for (const sealed of columns) {
    const table = quote(sealed.table);
    const column = quote(sealed.column);
    const fieldSql = Object.entries(sealed.fields).map(([name, sql]) => `, ${sql} AS ${quote(name)}`);
    const rows = await prisma.$queryRawUnsafe<ListedRow[]>(
      `SELECT t.id::text AS "id", t.tenant_id::text AS "tenantId", tn.slug AS "tenant"${fieldSql.join('')}
         FROM ${table} t JOIN tenants tn ON tn.id = t.tenant_id
        WHERE t.${column} IS NOT NULL ORDER BY t.created_at, t.id`,
    );
    report.current[sealed.table] = 0;
    for (const row of rows) {
      const fields = Object.fromEntries(Object.keys(sealed.fields).map((name) => [name, row[name]!]));
      const ref: SealedRowRef = {
        table: sealed.table,
        column: sealed.column,
        id: row.id,
        tenant: row.tenant,
        label: sealed.label(fields),
        fields,
      };
      try {
        const fromKeyId = await withTenant(prisma, row.tenantId, async (tx) => {
          const [stored] = await tx.$queryRawUnsafe<Array<{ value: Uint8Array | null }>>(
            `SELECT ${column} AS value FROM ${table} WHERE id = $1::uuid`,
            row.id,
          );
          const value = stored?.value;
          if (!value || !box.needsRotation(value)) return undefined;
          const keyId = box.keyIdOf(value);
          const fresh = new Uint8Array(box.seal(box.open(value)));
          // Only if nobody replaced the secret since we read it.
          const count = await tx.$executeRawUnsafe(
            `UPDATE ${table} SET ${column} = $1 WHERE id = $2::uuid AND ${column} = $3`,
            fresh,
            row.id,
            value,
          );
          if (count !== 1) throw new CliError('the secret changed while resealing; run reseal again', 1);
          await tx.auditLog.create({
            data: {
              tenantId: row.tenantId,
              action: sealed.auditAction,
              targetType: sealed.targetType,
              targetId: row.id,
              data: { via: 'cli', column: sealed.column, fromKeyId: keyId, toKeyId: box.primaryKeyId },
            },
          });
          return keyId;
        });
        if (fromKeyId) report.resealed.push({ ...ref, fromKeyId });
        else report.current[sealed.table]! += 1;
      } catch (error) {
        if (!(error instanceof SecretBoxError) && !(error instanceof CliError)) throw error;
        report.failed.push({ ...ref, error: error.message });
      }
    }
  }
  return report;
}
