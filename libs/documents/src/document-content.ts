import { isUuid, type TenantTransaction } from '@leadline/database';
import type { DocumentKind } from './document-kind';
import { databaseDocumentStore, type DocumentStore } from './document-store';

export interface DocumentContent {
  documentId: string;
  contactId: string;
  kind: DocumentKind;
  number: string;
  filename: string;
  mimeType: 'application/pdf';
  content: Buffer;
}

/**
 * A document's file for downloading, within the caller's tenant transaction: another tenant's
 * document (row-level security) and a malformed id are simply not found.
 */
export async function getDocumentContent(
  tx: TenantTransaction,
  documentId: string,
  store: DocumentStore = databaseDocumentStore,
): Promise<DocumentContent | undefined> {
  if (!isUuid(documentId)) return undefined;
  const row = await tx.document.findUnique({
    where: { id: documentId },
    select: {
      id: true,
      tenantId: true,
      contactId: true,
      kind: true,
      number: true,
      filename: true,
      storageKey: true,
    },
  });
  if (!row) return undefined;
  const content = await store.get(tx, {
    tenantId: row.tenantId,
    documentId: row.id,
    storageKey: row.storageKey,
  });
  if (!content) return undefined;
  return {
    documentId: row.id,
    contactId: row.contactId,
    kind: row.kind,
    number: row.number,
    filename: row.filename,
    mimeType: 'application/pdf',
    content,
  };
}
