import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Leadline-Signature';

/** HMAC-SHA256 of `<t>.<body>` with the subscription's secret, as lower-case hex. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex>`: the timestamp is signed too, so a captured request cannot be replayed later. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * What a receiver does (and our tests): parse the header, recompute, compare in constant time, and
 * refuse timestamps more than `toleranceSec` away from `nowSec`.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSec: number,
  toleranceSec = 300,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'no signature header' };
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) {
    return { ok: false, reason: 'malformed signature header' };
  }
  if (Math.abs(nowSec - timestamp) > toleranceSec) return { ok: false, reason: 'timestamp out of tolerance' };
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex')))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true, timestamp };
}
