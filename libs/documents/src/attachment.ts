import {
  documentLinkKey,
  signDocumentLink,
  verifyDocumentLink,
  type DocumentLinkCheck,
} from './document-link';

/**
 * Files a person attaches in the inbox and sends to a contact: what WhatsApp delivers as an image or
 * a document (Cloud API media limits), kept in the media store like the files customers send, and
 * fetched by the provider from a signed, expiring link.
 */

/** WhatsApp delivers images up to 5 MB (JPEG and PNG only). */
export const ATTACHMENT_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** WhatsApp allows documents up to 100 MB; we keep at most what we keep of customers' files. */
export const ATTACHMENT_DOCUMENT_MAX_BYTES = 16 * 1024 * 1024;

const OOXML = 'application/vnd.openxmlformats-officedocument';
/** The types a person may send, with how WhatsApp shows them and how the file must start. */
const TYPES: Record<string, { kind: 'image' | 'document'; magic?: number[][]; text?: true }> = {
  'image/jpeg': { kind: 'image', magic: [[0xff, 0xd8, 0xff]] },
  'image/png': { kind: 'image', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  'application/pdf': { kind: 'document', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  'text/plain': { kind: 'document', text: true },
  'application/msword': { kind: 'document', magic: [[0xd0, 0xcf, 0x11, 0xe0]] },
  'application/vnd.ms-excel': { kind: 'document', magic: [[0xd0, 0xcf, 0x11, 0xe0]] },
  'application/vnd.ms-powerpoint': { kind: 'document', magic: [[0xd0, 0xcf, 0x11, 0xe0]] },
  [`${OOXML}.wordprocessingml.document`]: { kind: 'document', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  [`${OOXML}.spreadsheetml.sheet`]: { kind: 'document', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  [`${OOXML}.presentationml.presentation`]: { kind: 'document', magic: [[0x50, 0x4b, 0x03, 0x04]] },
};

export const ATTACHMENT_TYPES: readonly string[] = Object.keys(TYPES);

export type AttachmentRefusal =
  | { code: 'ATTACHMENT_TYPE'; message: string }
  | { code: 'ATTACHMENT_TOO_LARGE'; message: string }
  | { code: 'ATTACHMENT_EMPTY'; message: string }
  | { code: 'ATTACHMENT_CONTENT'; message: string };

export function normaliseMimeType(mimeType: string | undefined): string {
  return (mimeType ?? '').split(';')[0].trim().toLowerCase();
}

/** The most a file of this type may weigh (undefined: the type is not allowed). */
export function attachmentMaxBytes(mimeType: string): number | undefined {
  const type = TYPES[normaliseMimeType(mimeType)];
  if (!type) return undefined;
  return type.kind === 'image' ? ATTACHMENT_IMAGE_MAX_BYTES : ATTACHMENT_DOCUMENT_MAX_BYTES;
}

/** image or document, as WhatsApp will show it (undefined: not a type we send). */
export function attachmentKind(mimeType: string): 'image' | 'document' | undefined {
  return TYPES[normaliseMimeType(mimeType)]?.kind;
}

/**
 * Why a file may not be sent, or undefined when it may. The content must match its declared type
 * (a program renamed to .pdf is refused), so what the contact receives is what the person chose.
 */
export function attachmentRefusal(mimeType: string, bytes: Buffer): AttachmentRefusal | undefined {
  const name = normaliseMimeType(mimeType);
  const type = TYPES[name];
  if (!type) {
    return {
      code: 'ATTACHMENT_TYPE',
      message: `Files of type ${name || 'unknown'} cannot be sent: send a JPEG or PNG photo, or a PDF, Word, Excel, PowerPoint or text document.`,
    };
  }
  if (bytes.length === 0) return { code: 'ATTACHMENT_EMPTY', message: 'The file is empty.' };
  const max = attachmentMaxBytes(name)!;
  if (bytes.length > max) {
    return {
      code: 'ATTACHMENT_TOO_LARGE',
      message: `${type.kind === 'image' ? 'Photos' : 'Documents'} may be at most ${max / 1024 / 1024} MB on WhatsApp.`,
    };
  }
  const matches = type.text
    ? !bytes.subarray(0, 4096).includes(0)
    : (type.magic ?? []).some((magic) => magic.every((byte, index) => bytes[index] === byte));
  if (!matches) {
    return { code: 'ATTACHMENT_CONTENT', message: `The file's content is not a ${name} file.` };
  }
  return undefined;
}

/** Where providers fetch attachments (Meta and Twilio both take a link). */
export const MEDIA_LINK_PATH = '/media/files';

/** The link key for attachments: derived under its own label, so a document link never opens a file. */
export function mediaLinkKey(encryptionKeyBase64: string): Buffer {
  return documentLinkKey(encryptionKeyBase64, 'leadline/media-links/v1');
}

export function signMediaLink(input: {
  tenantId: string;
  mediaId: string;
  filename: string;
  publicUrl: string;
  key: Buffer;
  expiresAt: Date;
  now?: Date;
}): string {
  return signDocumentLink({ ...input, documentId: input.mediaId, path: MEDIA_LINK_PATH });
}

export function verifyMediaLink(input: {
  key: Buffer;
  tenantId: unknown;
  mediaId: unknown;
  filename: unknown;
  exp: unknown;
  sig: unknown;
  now: Date;
}): DocumentLinkCheck {
  return verifyDocumentLink({ ...input, documentId: input.mediaId });
}
