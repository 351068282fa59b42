import { createHmac } from 'node:crypto';
import { retryDelayMs, signatureHeader, verifySignature } from '../src';

const SECRET = 'whsec_test';
const BODY = '{"id":"e1","type":"run.completed"}';

describe('signatures', () => {
  it('are t=<unix>,v1=<HMAC-SHA256 hex of "t.body">', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(signatureHeader(SECRET, 1_700_000_000, BODY)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verify with the same secret and body, within the tolerance', () => {
    const header = signatureHeader(SECRET, 1_700_000_000, BODY);
    expect(verifySignature(SECRET, header, BODY, 1_700_000_100)).toEqual({
      ok: true,
      timestamp: 1_700_000_000,
    });
  });

  it('fail for another secret, a changed body, a changed timestamp, an old timestamp or a bad header', () => {
    const header = signatureHeader(SECRET, 1_700_000_000, BODY);
    const now = 1_700_000_000;
    expect(verifySignature('whsec_other', header, BODY, now)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(verifySignature(SECRET, header, `${BODY} `, now)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(verifySignature(SECRET, header.replace('t=1700000000', 't=1700000001'), BODY, now)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(verifySignature(SECRET, header, BODY, now + 301)).toEqual({
      ok: false,
      reason: 'timestamp out of tolerance',
    });
    expect(verifySignature(SECRET, 'v1=abc', BODY, now)).toEqual({
      ok: false,
      reason: 'malformed signature header',
    });
    expect(verifySignature(SECRET, undefined, BODY, now)).toEqual({
      ok: false,
      reason: 'no signature header',
    });
  });
});

describe('retry backoff', () => {
  it('waits 30 s after the first failure and three times longer after each next one', () => {
    expect([1, 2, 3, 4, 7].map((failures) => retryDelayMs(failures))).toEqual([
      30_000, 90_000, 270_000, 810_000, 21_870_000,
    ]);
  });
});
