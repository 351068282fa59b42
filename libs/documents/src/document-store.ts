import type { TenantTransaction } from '@leadline/database';

export interface StoredDocumentRef {
  tenantId: string;
  documentId: string;
}

/**
 * Where rendered files live. The database store keeps them in `documents.content`; an object store
 * (S3 and the like) would upload them and return the key it recorded in `documents.storage_key`.
 * Both are called with the transaction that holds the `documents` row.
 */
export interface DocumentStore {
  /** Keeps the file of a `documents` row; returns its storage key, or null when the row holds the bytes. */
  put(tx: TenantTransaction, ref: StoredDocumentRef, bytes: Buffer): Promise<string | null>;
  /** The file, or undefined when it is gone. */
  get(
    tx: TenantTransaction,
    ref: StoredDocumentRef & { storageKey: string | null },
  ): Promise<Buffer | undefined>;
}

/** Files in the `documents.content` column: no extra service, and they go wherever the row goes. */
export const databaseDocumentStore: DocumentStore = {
  async put(tx, ref, bytes) {
    await tx.document.update({ where: { id: ref.documentId }, data: { content: new Uint8Array(bytes) } });
    return null;
  },
  async get(tx, ref) {
    const row = await tx.document.findUnique({ where: { id: ref.documentId }, select: { content: true } });
    return row?.content ? Buffer.from(row.content) : undefined;
  },
};
