import { createHash } from 'node:crypto';
import { createSecretBox, type SecretBox, type SecretKey } from './secret-box';
import { SecretBoxError } from './secret-box.error';

const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The id a key is stored under in sealed secrets: a truncated, domain-separated sha256 of the key.
 * Derived rather than configured, so operators only ever handle keys; 64 bits tell keys apart
 * without saying anything useful about them.
 */
export function secretKeyId(key: Uint8Array): string {
  const digest = createHash('sha256').update('leadline.secret-box.key-id\0').update(key).digest('hex');
  return `k${digest.slice(0, 16)}`;
}

/** Decodes base64 of exactly 32 bytes; errors name `source` (a variable), never the value. */
export function decodeEncryptionKey(base64: string, source = 'ENCRYPTION_KEY'): Buffer {
  const value = base64.trim();
  if (!BASE64.test(value) || value.length % 4 !== 0) {
    throw new SecretBoxError(
      'INVALID_KEY',
      `${source} must be base64 of exactly ${KEY_BYTES} bytes, but is not valid base64`,
    );
  }
  const key = Buffer.from(value, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(
      'INVALID_KEY',
      `${source} must be base64 of exactly ${KEY_BYTES} bytes, but decodes to ${key.length} bytes`,
    );
  }
  return key;
}

export interface Base64KeyRing {
  /** The key new secrets are sealed with (ENCRYPTION_KEY). */
  current: string;
  /**
   * Keys that sealed older secrets, still accepted by `open` (ENCRYPTION_KEYS_PREVIOUS):
   * a comma-separated string or a list; blanks are ignored.
   */
  previous?: string | readonly string[];
}

/**
 * The secret box for a deployment: seals with `current`, opens with `current` or any `previous` key.
 * Key ids are derived with `secretKeyId`, so the order of the previous keys does not matter.
 * `sources` name the variables in error messages.
 */
export function createSecretBoxFromBase64Keys(
  ring: Base64KeyRing,
  sources: { current: string; previous: string } = {
    current: 'ENCRYPTION_KEY',
    previous: 'ENCRYPTION_KEYS_PREVIOUS',
  },
): SecretBox {
  const current = decodeEncryptionKey(ring.current, sources.current);
  const keys: SecretKey[] = [{ id: secretKeyId(current), key: current }];
  const previous = typeof ring.previous === 'string' ? ring.previous.split(',') : [...(ring.previous ?? [])];
  previous
    .map((value) => value.trim())
    .filter(Boolean)
    .forEach((value, index) => {
      const key = decodeEncryptionKey(value, `${sources.previous} (key ${index + 1})`);
      const id = secretKeyId(key);
      if (!keys.some((known) => known.id === id)) keys.push({ id, key });
    });
  return createSecretBox({ keys, primaryKeyId: keys[0].id });
}
