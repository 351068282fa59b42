import { createHash, randomBytes } from 'node:crypto';

/** `ll_<8 hex prefix>_<43 base64url characters: 32 random bytes>` */
export const API_KEY_PATTERN = /^ll_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;

export interface GeneratedApiKey {
  /** The full key: shown to the user once, never stored. */
  key: string;
  /** Stored in `api_keys.prefix` so people can tell keys apart; not secret. */
  prefix: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(4).toString('hex');
  return { key: `ll_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** What `api_keys.key_hash` holds: sha256 hex of the full key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The prefix of a well-formed key, or undefined when the text is not one of our keys. */
export function apiKeyPrefix(key: string): string | undefined {
  return API_KEY_PATTERN.exec(key)?.[1];
}
