import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring public links to generated documents, for providers that fetch media by URL
 * (Twilio downloads `MediaUrl` when it sends; Meta gets an upload instead). The link names the
 * tenant, the document and its file name (Twilio shows the URL's last segment as the file name) and
 * carries an expiry and an HMAC-SHA256 over all of them, so it opens that one file, until then.
 */

/** Long enough for a send's retries (about 4 hours at most) and for Twilio's fetch; short enough to leak little. */
export const DOCUMENT_LINK_TTL_MS = 24 * 3_600_000;

/**
 * The longest a link may live, checked when it is opened: a link whose expiry lies further ahead was
 * not made by this code (or by a bug in it) and is refused, so no link is good for ever. The margin
 * over the TTL allows for clocks that differ between the worker that signs and the API that checks.
 */
export const DOCUMENT_LINK_MAX_LIFETIME_MS = DOCUMENT_LINK_TTL_MS + 10 * 60_000;

export const DOCUMENT_LINK_PATH = '/media/documents';

/**
 * The signing key, derived from the deployment's ENCRYPTION_KEY (base64) with HKDF under its own
 * label: one secret to manage, and a link key that reveals nothing about the encryption key. Rotating
 * ENCRYPTION_KEY invalidates the links issued before (they are short-lived anyway).
 */
export function documentLinkKey(encryptionKeyBase64: string, label = 'leadline/document-links/v1'): Buffer {
  const ikm = Buffer.from(encryptionKeyBase64, 'base64');
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), label, 32));
}

export interface DocumentLinkTarget {
  tenantId: string;
  documentId: string;
  filename: string;
}

function signature(key: Buffer, target: DocumentLinkTarget, exp: number): string {
  return createHmac('sha256', key)
    .update(['v1', target.tenantId, target.documentId, target.filename, String(exp)].join('\n'))
    .digest('base64url');
}

/** `<publicUrl>/media/documents/<id>/<filename>?tenant=..&exp=<unix s>&sig=..` */
export function signDocumentLink(
  input: DocumentLinkTarget & {
    publicUrl: string;
    key: Buffer;
    expiresAt: Date;
    now?: Date;
    /** Where the link is served; another kind of file uses its own path and key (media-link.ts). */
    path?: string;
  },
): string {
  const now = input.now ?? new Date();
  if (input.expiresAt.getTime() - now.getTime() > DOCUMENT_LINK_MAX_LIFETIME_MS) {
    throw new RangeError('A document link may live at most DOCUMENT_LINK_MAX_LIFETIME_MS.');
  }
  const exp = Math.floor(input.expiresAt.getTime() / 1000);
  const base = input.publicUrl.replace(/\/+$/, '');
  const path = `${input.path ?? DOCUMENT_LINK_PATH}/${encodeURIComponent(input.documentId)}/${encodeURIComponent(input.filename)}`;
  const query = new URLSearchParams({
    tenant: input.tenantId,
    exp: String(exp),
    sig: signature(input.key, input, exp),
  });
  return `${base}${path}?${query}`;
}

export type DocumentLinkCheck = 'valid' | 'expired' | 'invalid';

/**
 * Checks a link's parameters. The signature is compared in constant time and checked before the
 * expiry, so a forged link learns nothing from the answer. Every field arrives from the URL, untrusted.
 */
export function verifyDocumentLink(input: {
  key: Buffer;
  tenantId: unknown;
  documentId: unknown;
  filename: unknown;
  exp: unknown;
  sig: unknown;
  now: Date;
}): DocumentLinkCheck {
  const { tenantId, documentId, filename, exp, sig } = input;
  if (
    typeof tenantId !== 'string' ||
    typeof documentId !== 'string' ||
    typeof filename !== 'string' ||
    typeof exp !== 'string' ||
    typeof sig !== 'string' ||
    !/^\d{1,12}$/.test(exp)
  ) {
    return 'invalid';
  }
  const expected = Buffer.from(signature(input.key, { tenantId, documentId, filename }, Number(exp)));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  const expiresAt = Number(exp) * 1000;
  // Signed, but meant to outlive the maximum: refused as invalid, never served.
  if (expiresAt - input.now.getTime() > DOCUMENT_LINK_MAX_LIFETIME_MS) return 'invalid';
  return expiresAt > input.now.getTime() ? 'valid' : 'expired';
}
