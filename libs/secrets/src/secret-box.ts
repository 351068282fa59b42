import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretBoxError } from './secret-box.error';

/** The first byte of every sealed secret; bump it when the layout changes, keep reading old ones. */
export const SEALED_FORMAT_VERSION = 1;

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface SecretKey {
  /** Short, non-secret name stored in every sealed secret (1-64 of A-Z a-z 0-9 . _ -). */
  readonly id: string;
  /** 32 bytes (AES-256). */
  readonly key: Uint8Array;
}

export interface SecretBoxOptions {
  /** The current key and any previous ones still needed to open older secrets. */
  readonly keys: readonly SecretKey[];
  /** The key `seal` uses. */
  readonly primaryKeyId: string;
}

export interface SecretBox {
  readonly primaryKeyId: string;
  /** Encrypts `JSON.stringify(plaintext)` with the primary key and a fresh random IV. */
  seal(plaintext: object): Buffer;
  /** Authenticates and decrypts a sealed secret made with any configured key. */
  open(sealed: Uint8Array): Record<string, unknown>;
  /** True when the secret was sealed with a key other than the primary one (re-seal it). */
  needsRotation(sealed: Uint8Array): boolean;
  /** The id of the key a secret was sealed with (read from its header, not authenticated yet). */
  keyIdOf(sealed: Uint8Array): string;
}

interface Header {
  keyId: string;
  /** version byte + key id length + key id: authenticated as additional data. */
  aad: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * AES-256-GCM envelope for small secrets (provider credentials). Layout of a sealed secret:
 *
 *   version (1 byte) | key id length (1 byte) | key id (ASCII) | IV (12 bytes) | tag (16 bytes) | ciphertext
 *
 * The key id lets secrets sealed before a key rotation stay readable while the old key is still
 * configured; the header is authenticated too, so relabelling a secret with another key id fails.
 */
export function createSecretBox(options: SecretBoxOptions): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const { id, key } of options.keys) {
    if (typeof id !== 'string' || !KEY_ID_PATTERN.test(id)) {
      throw new SecretBoxError('INVALID_KEY', 'a key id must be 1-64 characters of A-Z a-z 0-9 . _ -');
    }
    if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
      throw new SecretBoxError('INVALID_KEY', `key "${id}" must be exactly ${KEY_BYTES} bytes`);
    }
    if (keys.has(id)) throw new SecretBoxError('INVALID_KEY', `key id "${id}" is configured twice`);
    // A private copy: the caller zeroing or reusing its buffer must not change our key.
    keys.set(id, Buffer.from(key));
  }
  const primaryKeyId = options.primaryKeyId;
  const primaryKey = keys.get(primaryKeyId);
  if (!primaryKey) {
    throw new SecretBoxError('INVALID_KEY', `the primary key id "${primaryKeyId}" is not among the keys`);
  }
  const headerPrefix = Buffer.from([SEALED_FORMAT_VERSION, primaryKeyId.length]);
  const primaryAad = Buffer.concat([headerPrefix, Buffer.from(primaryKeyId, 'ascii')]);

  return {
    primaryKeyId,

    seal(plaintext: object): Buffer {
      if (typeof plaintext !== 'object' || plaintext === null || Array.isArray(plaintext)) {
        throw new SecretBoxError('INVALID_PLAINTEXT', 'only a plain object can be sealed');
      }
      let json: string;
      try {
        json = JSON.stringify(plaintext);
      } catch {
        throw new SecretBoxError('INVALID_PLAINTEXT', 'the object to seal cannot be serialised to JSON');
      }
      const data = Buffer.from(json, 'utf8');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', primaryKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(primaryAad);
      const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
      data.fill(0);
      return Buffer.concat([primaryAad, iv, cipher.getAuthTag(), ciphertext]);
    },

    open(sealed: Uint8Array): Record<string, unknown> {
      const header = parse(sealed);
      const key = keys.get(header.keyId);
      if (!key) {
        throw new SecretBoxError(
          'UNKNOWN_KEY',
          `the secret was sealed with key id "${header.keyId}", which is not configured ` +
            '(is the previous key still listed after a rotation?)',
        );
      }
      let data: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, header.iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(header.aad);
        decipher.setAuthTag(header.tag);
        data = Buffer.concat([decipher.update(header.ciphertext), decipher.final()]);
      } catch {
        throw new SecretBoxError(
          'AUTHENTICATION_FAILED',
          `the secret sealed with key id "${header.keyId}" failed authentication: ` +
            'it was altered or truncated, or that key id names a different key now',
        );
      }
      try {
        const value: unknown = JSON.parse(data.toString('utf8'));
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          return value as Record<string, unknown>;
        }
      } catch {
        // Reported below without echoing what was decrypted.
      } finally {
        data.fill(0);
      }
      throw new SecretBoxError('MALFORMED', 'the decrypted secret is not a JSON object');
    },

    needsRotation(sealed: Uint8Array): boolean {
      return parse(sealed).keyId !== primaryKeyId;
    },

    keyIdOf(sealed: Uint8Array): string {
      return parse(sealed).keyId;
    },
  };
}

function parse(sealed: Uint8Array): Header {
  if (!(sealed instanceof Uint8Array) || sealed.length < 2) {
    throw new SecretBoxError('MALFORMED', 'the sealed secret is empty or not bytes');
  }
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes[0] !== SEALED_FORMAT_VERSION) {
    throw new SecretBoxError(
      'UNSUPPORTED_VERSION',
      `the sealed secret has format version ${bytes[0]}; this build reads version ${SEALED_FORMAT_VERSION}`,
    );
  }
  const idLength = bytes[1];
  const ivStart = 2 + idLength;
  const tagStart = ivStart + IV_BYTES;
  const ciphertextStart = tagStart + TAG_BYTES;
  if (idLength === 0 || bytes.length <= ciphertextStart) {
    throw new SecretBoxError('MALFORMED', 'the sealed secret is truncated');
  }
  const keyId = bytes.subarray(2, ivStart).toString('latin1');
  if (!KEY_ID_PATTERN.test(keyId)) {
    throw new SecretBoxError('MALFORMED', 'the sealed secret has an invalid key id');
  }
  return {
    keyId,
    aad: bytes.subarray(0, ivStart),
    iv: bytes.subarray(ivStart, tagStart),
    tag: bytes.subarray(tagStart, ciphertextStart),
    ciphertext: bytes.subarray(ciphertextStart),
  };
}
