import { signMetaPayload, verifyMetaSignature } from './meta-signature';

// Reference §4.2 test vector.
const SECRET = 'app_secret_test';
const BODY = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const HEADER = 'sha256=523505d20f6a97026a425949264490ca97eab5d4ba6cd6a0f56f7557599d7f7b';

describe('verifyMetaSignature', () => {
  it('accepts the reference vector', () => {
    expect(verifyMetaSignature(BODY, HEADER, SECRET)).toBe(true);
    expect(signMetaPayload(BODY, SECRET)).toBe(HEADER);
  });

  it('accepts upper-case hex and surrounding whitespace', () => {
    expect(verifyMetaSignature(BODY, ` sha256=${HEADER.slice(7).toUpperCase()} `, SECRET)).toBe(true);
  });

  it('rejects a wrong secret', () => {
    expect(verifyMetaSignature(BODY, HEADER, 'app_secret_other')).toBe(false);
  });

  it('rejects a tampered body, even one that parses to the same JSON', () => {
    expect(
      verifyMetaSignature(Buffer.from('{"object":"whatsapp_business_account","entry":[{}]}'), HEADER, SECRET),
    ).toBe(false);
    expect(
      verifyMetaSignature(
        Buffer.from('{"object": "whatsapp_business_account", "entry": []}'),
        HEADER,
        SECRET,
      ),
    ).toBe(false);
  });

  it('hashes the exact bytes, so non-ASCII bodies verify only in the form that was signed', () => {
    const raw = Buffer.from('{"text":"Olá 👋"}');
    const escaped = Buffer.from('{"text":"Ol\\u00e1 \\ud83d\\udc4b"}');
    const header = signMetaPayload(raw, SECRET);
    expect(verifyMetaSignature(raw, header, SECRET)).toBe(true);
    expect(verifyMetaSignature(escaped, header, SECRET)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without the sha256= prefix', HEADER.slice(7)],
    ['with another algorithm', `sha1=${HEADER.slice(7)}`],
    ['non-hex', `sha256=${'z'.repeat(64)}`],
    ['one hex digit short', HEADER.slice(0, -1)],
    ['one byte short', HEADER.slice(0, -2)],
    ['one byte long', `${HEADER}00`],
    ['two signatures', `${HEADER},${HEADER}`],
  ])('rejects a header that is %s without throwing', (_label, header) => {
    expect(verifyMetaSignature(BODY, header, SECRET)).toBe(false);
  });

  it('never accepts when the app secret is not configured', () => {
    const header = signMetaPayload(BODY, '');
    expect(verifyMetaSignature(BODY, header, '')).toBe(false);
  });

  it('rejects input of the wrong type instead of throwing', () => {
    expect(verifyMetaSignature(BODY.toString() as unknown as Buffer, HEADER, SECRET)).toBe(false);
    expect(verifyMetaSignature(BODY, 42 as unknown as string, SECRET)).toBe(false);
  });
});
