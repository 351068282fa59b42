import { randomBytes } from 'node:crypto';
import {
  createSecretBox,
  createSecretBoxFromBase64Keys,
  SecretBoxError,
  secretKeyId,
  type SecretBox,
} from '@leadline/secrets';

const CREDENTIALS = {
  accessToken: 'EAAG-super-secret-access-token-1234567890',
  appSecret: 'app-secret-value',
};

function box(...keys: Array<{ id: string; key: Buffer }>): SecretBox {
  return createSecretBox({ keys, primaryKeyId: keys[0].id });
}

function expectSecretBoxError(fn: () => unknown, code: string): SecretBoxError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SecretBoxError);
  expect((caught as SecretBoxError).code).toBe(code);
  return caught as SecretBoxError;
}

/** Offsets of the parts of a sealed secret whose key id is `id`. */
function layout(id: string) {
  const iv = 2 + id.length;
  return { iv, tag: iv + 12, ciphertext: iv + 28 };
}

function flip(sealed: Buffer, offset: number): Buffer {
  const copy = Buffer.from(sealed);
  copy[offset] ^= 0x01;
  return copy;
}

describe('createSecretBox', () => {
  const key = { id: 'k1', key: randomBytes(32) };
  const secretBox = box(key);

  it('opens what it sealed', () => {
    const sealed = secretBox.seal(CREDENTIALS);
    expect(Buffer.isBuffer(sealed)).toBe(true);
    expect(secretBox.open(sealed)).toEqual(CREDENTIALS);
  });

  it('opens a Uint8Array view of the sealed bytes (what the database driver returns)', () => {
    const sealed = secretBox.seal(CREDENTIALS);
    const padded = new Uint8Array(sealed.length + 8);
    padded.set(sealed, 4);
    expect(secretBox.open(padded.subarray(4, 4 + sealed.length))).toEqual(CREDENTIALS);
  });

  it('writes the format version and the key id in the header', () => {
    const sealed = secretBox.seal(CREDENTIALS);
    expect(sealed[0]).toBe(1);
    expect(sealed[1]).toBe(2);
    expect(sealed.subarray(2, 4).toString('ascii')).toBe('k1');
    expect(secretBox.keyIdOf(sealed)).toBe('k1');
  });

  it('uses a fresh IV every time, so equal plaintexts give different ciphertexts', () => {
    const sealed = Array.from({ length: 20 }, () => secretBox.seal(CREDENTIALS));
    const { iv, tag } = layout('k1');
    const ivs = new Set(sealed.map((s) => s.subarray(iv, tag).toString('hex')));
    const whole = new Set(sealed.map((s) => s.toString('hex')));
    expect(ivs.size).toBe(20);
    expect(whole.size).toBe(20);
  });

  it('leaves no plaintext in the sealed bytes', () => {
    const sealed = secretBox.seal(CREDENTIALS);
    for (const text of [CREDENTIALS.accessToken, 'super-secret', CREDENTIALS.appSecret, 'accessToken']) {
      expect(sealed.includes(Buffer.from(text))).toBe(false);
      expect(sealed.toString('latin1')).not.toContain(text);
    }
    expect(sealed.includes(key.key)).toBe(false);
  });

  it('refuses to open with a different key under the same id', () => {
    const sealed = secretBox.seal(CREDENTIALS);
    const other = box({ id: 'k1', key: randomBytes(32) });
    expectSecretBoxError(() => other.open(sealed), 'AUTHENTICATION_FAILED');
  });

  it('names an unknown key id instead of trying another key', () => {
    const sealed = secretBox.seal(CREDENTIALS);
    const other = box({ id: 'k2', key: key.key });
    const error = expectSecretBoxError(() => other.open(sealed), 'UNKNOWN_KEY');
    expect(error.message).toContain('"k1"');
  });

  it.each([
    ['the ciphertext', (id: string) => layout(id).ciphertext + 1],
    ['the auth tag', (id: string) => layout(id).tag + 3],
    ['the IV', (id: string) => layout(id).iv],
  ])('detects a tampered %s', (_part, offset) => {
    const sealed = secretBox.seal(CREDENTIALS);
    expectSecretBoxError(() => secretBox.open(flip(sealed, offset('k1'))), 'AUTHENTICATION_FAILED');
  });

  it('detects a key id relabelled to another configured key (the header is authenticated)', () => {
    const a = { id: 'ka', key: randomBytes(32) };
    const b = { id: 'kb', key: a.key };
    const sealed = box(a, b).seal(CREDENTIALS);
    const relabelled = Buffer.from(sealed);
    relabelled.write('kb', 2, 'ascii');
    expectSecretBoxError(() => box(a, b).open(relabelled), 'AUTHENTICATION_FAILED');
  });

  it('rejects truncated, empty and future-version input', () => {
    const sealed = secretBox.seal(CREDENTIALS);
    expectSecretBoxError(() => secretBox.open(sealed.subarray(0, layout('k1').ciphertext)), 'MALFORMED');
    expectSecretBoxError(
      () => secretBox.open(sealed.subarray(0, sealed.length - 1)),
      'AUTHENTICATION_FAILED',
    );
    expectSecretBoxError(() => secretBox.open(Buffer.alloc(0)), 'MALFORMED');
    const future = Buffer.from(sealed);
    future[0] = 2;
    expectSecretBoxError(() => secretBox.open(future), 'UNSUPPORTED_VERSION');
    expectSecretBoxError(() => secretBox.needsRotation(future), 'UNSUPPORTED_VERSION');
  });

  it('never puts the plaintext or the key in an error message', () => {
    const sealed = secretBox.seal(CREDENTIALS);
    const wrong = box({ id: 'k1', key: randomBytes(32) });
    const messages = [
      expectSecretBoxError(() => wrong.open(sealed), 'AUTHENTICATION_FAILED'),
      expectSecretBoxError(() => secretBox.open(flip(sealed, layout('k1').tag)), 'AUTHENTICATION_FAILED'),
      expectSecretBoxError(() => secretBox.seal([CREDENTIALS.accessToken]), 'INVALID_PLAINTEXT'),
    ].map((error) => `${error.message} ${error.stack}`);
    for (const message of messages) {
      expect(message).not.toContain(CREDENTIALS.accessToken);
      expect(message).not.toContain(key.key.toString('base64'));
      expect(message).not.toContain(key.key.toString('hex'));
    }
  });

  it('seals only plain JSON objects', () => {
    expectSecretBoxError(() => secretBox.seal(['a']), 'INVALID_PLAINTEXT');
    expectSecretBoxError(() => secretBox.seal(null as unknown as object), 'INVALID_PLAINTEXT');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expectSecretBoxError(() => secretBox.seal(circular), 'INVALID_PLAINTEXT');
  });

  it('validates its keys', () => {
    expectSecretBoxError(() => box({ id: 'k1', key: randomBytes(16) }), 'INVALID_KEY');
    expectSecretBoxError(() => box({ id: 'bad id', key: randomBytes(32) }), 'INVALID_KEY');
    expectSecretBoxError(() => box({ id: 'x'.repeat(65), key: randomBytes(32) }), 'INVALID_KEY');
    expectSecretBoxError(() => box(key, { id: 'k1', key: randomBytes(32) }), 'INVALID_KEY');
    expectSecretBoxError(() => createSecretBox({ keys: [key], primaryKeyId: 'k9' }), 'INVALID_KEY');
  });

  it('keeps its own copy of the key', () => {
    const material = randomBytes(32);
    const own = box({ id: 'k1', key: material });
    const sealed = own.seal(CREDENTIALS);
    material.fill(0);
    expect(own.open(sealed)).toEqual(CREDENTIALS);
  });
});

describe('key rotation', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('opens secrets sealed with a previous key and flags them for re-sealing', () => {
    const before = createSecretBoxFromBase64Keys({ current: oldKey.toString('base64') });
    const sealedBefore = before.seal(CREDENTIALS);
    expect(before.needsRotation(sealedBefore)).toBe(false);

    const after = createSecretBoxFromBase64Keys({
      current: newKey.toString('base64'),
      previous: ` ${randomBytes(32).toString('base64')}, ${oldKey.toString('base64')} ,`,
    });
    expect(after.open(sealedBefore)).toEqual(CREDENTIALS);
    expect(after.needsRotation(sealedBefore)).toBe(true);
    expect(after.keyIdOf(sealedBefore)).toBe(secretKeyId(oldKey));

    const resealed = after.seal(after.open(sealedBefore));
    expect(after.needsRotation(resealed)).toBe(false);
    expect(after.keyIdOf(resealed)).toBe(secretKeyId(newKey));
  });

  it('cannot open old secrets once the previous key is removed', () => {
    const sealed = createSecretBoxFromBase64Keys({ current: oldKey.toString('base64') }).seal(CREDENTIALS);
    const withoutOld = createSecretBoxFromBase64Keys({ current: newKey.toString('base64') });
    expectSecretBoxError(() => withoutOld.open(sealed), 'UNKNOWN_KEY');
  });

  it('derives stable, distinct key ids that do not contain the key', () => {
    expect(secretKeyId(oldKey)).toBe(secretKeyId(Buffer.from(oldKey)));
    expect(secretKeyId(oldKey)).not.toBe(secretKeyId(newKey));
    expect(secretKeyId(oldKey)).toMatch(/^k[0-9a-f]{16}$/);
    expect(oldKey.toString('hex')).not.toContain(secretKeyId(oldKey).slice(1));
  });

  it('tolerates the current key repeated among the previous ones', () => {
    const base64 = newKey.toString('base64');
    const secretBox = createSecretBoxFromBase64Keys({ current: base64, previous: [base64] });
    expect(secretBox.open(secretBox.seal(CREDENTIALS))).toEqual(CREDENTIALS);
  });

  it('names the variable, not the value, when a key is malformed', () => {
    const notBase64 = 'this is not base64 at all!';
    let error = expectSecretBoxError(
      () => createSecretBoxFromBase64Keys({ current: notBase64 }),
      'INVALID_KEY',
    );
    expect(error.message).toContain('ENCRYPTION_KEY must be base64');
    expect(error.message).not.toContain(notBase64);

    const short = randomBytes(16).toString('base64');
    error = expectSecretBoxError(
      () => createSecretBoxFromBase64Keys({ current: newKey.toString('base64'), previous: `${short}` }),
      'INVALID_KEY',
    );
    expect(error.message).toBe(
      'ENCRYPTION_KEYS_PREVIOUS (key 1) must be base64 of exactly 32 bytes, but decodes to 16 bytes',
    );
    expect(error.message).not.toContain(short);
  });
});
