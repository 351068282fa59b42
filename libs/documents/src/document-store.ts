import type { TenantTransaction } from '@leadline/database';

export interface StoredDocumentRef {
  tenantId: string;
  documentId: string;
}

/**
 * Where files live: generated documents (`documents` rows) and the files customers send
 * (`message_media` rows, see media-store.ts). The database stores keep them in the row's `content`;
 * an object store (S3 and the like) would upload them and return the key it recorded in the row's
 * `storage_key`. Both are called with the transaction that holds the row, so files are tenant-scoped
 * like the row.
 */
export interface FileStore<Ref> {
  /** Keeps the file of a row; returns its storage key, or null when the row holds the bytes. */
  put(tx: TenantTransaction, ref: Ref, bytes: Buffer): Promise<string | null>;
  /** The file, or undefined when it is gone. */
  get(tx: TenantTransaction, ref: Ref & { storageKey: string | null }): Promise<Buffer | undefined>;
}

export type DocumentStore = FileStore<StoredDocumentRef>;

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
