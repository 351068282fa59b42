import type { TenantTransaction } from '@leadline/database';
import { formatDocumentNumber, type DocumentKind } from './document-kind';

/**
 * Takes the next number of a tenant's quotes or invoices of a year, in the caller's transaction.
 * The upsert locks the sequence row until that transaction ends, so concurrent documents queue up
 * (no duplicates), and a transaction that rolls back gives its number back (no gaps): call this in
 * the transaction that stores the document, as late as is practical, to hold the lock briefly.
 */
export async function nextDocumentNumber(
  tx: TenantTransaction,
  input: { tenantId: string; kind: DocumentKind; year: number },
): Promise<{ number: string; sequence: number }> {
  const rows = await tx.$queryRaw<Array<{ last_number: number }>>`
    INSERT INTO document_sequences (tenant_id, kind, year, last_number)
    VALUES (${input.tenantId}::uuid, ${input.kind}::document_kind, ${input.year}, 1)
    ON CONFLICT (tenant_id, kind, year)
    DO UPDATE SET last_number = document_sequences.last_number + 1
    RETURNING last_number`;
  const sequence = Number(rows[0]?.last_number);
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new Error(`document sequence returned ${String(rows[0]?.last_number)}`);
  }
  return { number: formatDocumentNumber(input.kind, input.year, sequence), sequence };
}
