import type { SecretBox } from '@leadline/secrets';
import type { FileStore } from './document-store';

export interface StoredMediaRef {
  tenantId: string;
  mediaId: string;
}

export type MediaStore = FileStore<StoredMediaRef>;

/**
 * Files customers send, in `message_media.content`, sealed with the deployment's encryption keys
 * (AES-256-GCM through the secret box, so key rotation opens older files too): a database dump or
 * backup does not show people's photos and papers.
 */
export function databaseMediaStore(box: SecretBox): MediaStore {
  return {
    async put(tx, ref, bytes) {
      const sealed = box.seal({ b: bytes.toString('base64') });
      await tx.messageMedia.update({ where: { id: ref.mediaId }, data: { content: new Uint8Array(sealed) } });
      return null;
    },
    async get(tx, ref) {
      const row = await tx.messageMedia.findUnique({ where: { id: ref.mediaId }, select: { content: true } });
      if (!row?.content) return undefined;
      const opened = box.open(row.content);
      return typeof opened.b === 'string' ? Buffer.from(opened.b, 'base64') : undefined;
    },
  };
}

/** WhatsApp's own ceiling for audio, video and images (documents may be larger; we keep up to this). */
export const INBOUND_MEDIA_MAX_BYTES = 16 * 1024 * 1024;

/** The types we keep and show: what WhatsApp lets people send, minus anything a browser could run. */
export const INBOUND_MEDIA_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'audio/ogg',
  'audio/mpeg',
  'audio/aac',
  'audio/mp4',
  'audio/amr',
  'video/mp4',
  'video/3gpp',
  'application/pdf',
  'text/plain',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

/** Why a file is not kept, or undefined when it may be. */
export function inboundMediaRefusal(mimeType: string, sizeBytes: number): string | undefined {
  const type = mimeType.split(';')[0].trim().toLowerCase();
  if (!INBOUND_MEDIA_TYPES.includes(type)) return `files of type ${type || 'unknown'} are not kept`;
  if (sizeBytes > INBOUND_MEDIA_MAX_BYTES)
    return `the file is larger than ${INBOUND_MEDIA_MAX_BYTES / 1024 / 1024} MB`;
  return undefined;
}
