import { createHash } from 'node:crypto';
import { API_KEY_PATTERN, apiKeyPrefix, generateApiKey, hashApiKey, maskSecret } from '@leadline/secrets';

describe('generateApiKey', () => {
  it('makes ll_<prefix>_<43 base64url characters> keys that embed their prefix', () => {
    const { key, prefix } = generateApiKey();
    expect(key).toMatch(API_KEY_PATTERN);
    expect(prefix).toMatch(/^[0-9a-f]{8}$/);
    expect(key.startsWith(`ll_${prefix}_`)).toBe(true);
    expect(Buffer.from(key.slice(12), 'base64url')).toHaveLength(32);
    expect(apiKeyPrefix(key)).toBe(prefix);
  });

  it('never repeats a key or a prefix in a thousand draws', () => {
    const keys = Array.from({ length: 1000 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(1000);
    expect(new Set(keys.map((k) => k.prefix)).size).toBeGreaterThan(990);
  });
});

describe('hashApiKey', () => {
  it('is the sha256 hex of the key', () => {
    expect(hashApiKey('ll_abcdef01_x')).toBe(createHash('sha256').update('ll_abcdef01_x').digest('hex'));
    expect(hashApiKey('ll_abcdef01_x')).not.toBe(hashApiKey('ll_abcdef01_y'));
    expect(hashApiKey('a')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('apiKeyPrefix', () => {
  it('rejects text that is not one of our keys', () => {
    expect(apiKeyPrefix('')).toBeUndefined();
    expect(apiKeyPrefix('ll_ABCDEF01_' + 'a'.repeat(43))).toBeUndefined();
    expect(apiKeyPrefix('ll_abcdef01_' + 'a'.repeat(42))).toBeUndefined();
    expect(apiKeyPrefix('sk_abcdef01_' + 'a'.repeat(43))).toBeUndefined();
  });
});

describe('maskSecret', () => {
  it('shows at most four characters at each end, and at most a quarter of the secret', () => {
    const { key } = generateApiKey();
    expect(maskSecret(key)).toBe(`${key.slice(0, 4)}…${key.slice(-4)}`);
    expect(maskSecret('0123456789abcdef')).toBe('01…ef');
    expect(maskSecret('0123456789')).toBe('0…9');
  });

  it('hides short secrets completely, without revealing their length', () => {
    expect(maskSecret('')).toBe('********');
    expect(maskSecret('abc')).toBe('********');
    expect(maskSecret('1234567')).toBe('********');
  });
});
