import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/** The `X-Hub-Signature-256` value Meta sends for these exact bytes (for fakes and tests). */
export function signMetaPayload(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw request bytes keyed with the
 * app secret. Hash the bytes as received, never re-serialised JSON. Never throws; anything
 * malformed (or an empty secret) is simply not valid.
 */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (
    !Buffer.isBuffer(rawBody) ||
    typeof header !== 'string' ||
    typeof appSecret !== 'string' ||
    !appSecret
  ) {
    return false;
  }
  const match = SIGNATURE_HEADER.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
