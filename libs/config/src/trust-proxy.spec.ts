import { loadConfig } from './load-config';
import { ConfigError } from './config-error';
import { parseTrustProxy } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    expect(loadConfig({}).server.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).server.trustProxy).toBe(false);
  });

  it.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    [' 2 ', 2],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 172.16.0.0/12,fd00::/8', ['10.0.0.0/8', '172.16.0.0/12', 'fd00::/8']],
    ['192.0.2.10,10.0.0.0/255.0.0.0', ['192.0.2.10', '10.0.0.0/255.0.0.0']],
  ])('reads %j as %j', (text, expected) => {
    expect(loadConfig({ TRUST_PROXY: text }).server.trustProxy).toEqual(expected);
  });

  it.each([
    ['yes', '"yes" is not an IP address or subnet'],
    ['10.0.0.0/33', '"10.0.0.0/33" has a bad prefix length (0 to 32)'],
    ['fd00::/129', '"fd00::/129" has a bad prefix length (0 to 128)'],
    ['10.0.0.1,,10.0.0.2', 'has an empty entry'],
    ['1000', 'a hop count must be between 0 and 100'],
  ])('refuses %j, saying why', (text, why) => {
    expect(parseTrustProxy(text)).toEqual({ ok: false, message: why });
    let error: unknown;
    try {
      loadConfig({ TRUST_PROXY: text });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({ variable: 'TRUST_PROXY', message: expect.stringContaining(why) }),
    ]);
  });
});
