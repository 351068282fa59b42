import { verifyTwilioSignature } from './twilio-signature';

// Reference §8.4 test vector.
const AUTH_TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};
const SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('verifyTwilioSignature', () => {
  it('accepts the reference vector', () => {
    expect(
      verifyTwilioSignature({ authToken: AUTH_TOKEN, url: URL, params: PARAMS, signature: SIGNATURE }),
    ).toBe(true);
  });

  it('accepts the URL with an explicit :443 port, as Twilio may have signed either form', () => {
    const url = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, url, params: PARAMS, signature: SIGNATURE })).toBe(
      true,
    );
  });

  it('rejects a wrong auth token', () => {
    expect(
      verifyTwilioSignature({ authToken: '54321', url: URL, params: PARAMS, signature: SIGNATURE }),
    ).toBe(false);
  });

  it('rejects a tampered parameter, an extra parameter and another URL', () => {
    const tampered = { ...PARAMS, Digits: '1235' };
    expect(
      verifyTwilioSignature({ authToken: AUTH_TOKEN, url: URL, params: tampered, signature: SIGNATURE }),
    ).toBe(false);
    const extra = { ...PARAMS, Body: 'hi' };
    expect(
      verifyTwilioSignature({ authToken: AUTH_TOKEN, url: URL, params: extra, signature: SIGNATURE }),
    ).toBe(false);
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=3';
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, url, params: PARAMS, signature: SIGNATURE })).toBe(
      false,
    );
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['garbage', 'not-base64!!'],
    ['truncated', SIGNATURE.slice(0, -2)],
  ])('rejects a signature that is %s', (_label, signature) => {
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, url: URL, params: PARAMS, signature })).toBe(false);
  });

  it('returns false instead of throwing on a URL that cannot be parsed or an empty token', () => {
    expect(
      verifyTwilioSignature({
        authToken: AUTH_TOKEN,
        url: 'not a url',
        params: PARAMS,
        signature: SIGNATURE,
      }),
    ).toBe(false);
    expect(verifyTwilioSignature({ authToken: '', url: URL, params: PARAMS, signature: SIGNATURE })).toBe(
      false,
    );
  });
});
