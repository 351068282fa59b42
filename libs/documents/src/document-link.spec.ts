import {
  DOCUMENT_LINK_MAX_LIFETIME_MS,
  documentLinkKey,
  signDocumentLink,
  verifyDocumentLink,
} from './document-link';

const key = documentLinkKey(Buffer.alloc(32, 7).toString('base64'));
const target = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  documentId: '22222222-2222-4222-8222-222222222222',
  filename: 'Q-2026-0001.pdf',
};
const issuedAt = new Date('2026-11-23T10:00:00Z');
const expiresAt = new Date('2026-11-24T10:00:00Z');

function parts(link: string) {
  const url = new URL(link);
  const [, , , documentId, filename] = url.pathname.split('/');
  return {
    documentId: decodeURIComponent(documentId),
    filename: decodeURIComponent(filename),
    tenantId: url.searchParams.get('tenant'),
    exp: url.searchParams.get('exp'),
    sig: url.searchParams.get('sig'),
  };
}

describe('signed document links', () => {
  const link = signDocumentLink({ ...target, publicUrl: 'https://leadline.example.com/', key, expiresAt });

  it('names the document and its file under PUBLIC_URL, with the expiry in Unix seconds', () => {
    expect(link).toMatch(
      /^https:\/\/leadline\.example\.com\/media\/documents\/22222222-2222-4222-8222-222222222222\/Q-2026-0001\.pdf\?tenant=11111111-1111-4111-8111-111111111111&exp=1795514400&sig=[\w-]{43}$/,
    );
  });

  it('is refused when its expiry lies further ahead than the maximum lifetime, and cannot be made so', () => {
    const earlier = new Date(expiresAt.getTime() - DOCUMENT_LINK_MAX_LIFETIME_MS - 1000);
    expect(verifyDocumentLink({ key, ...parts(link), now: earlier })).toBe('invalid');
    expect(() =>
      signDocumentLink({
        ...target,
        publicUrl: 'https://leadline.example.com',
        key,
        now: issuedAt,
        expiresAt: new Date(issuedAt.getTime() + 365 * 24 * 3_600_000),
      }),
    ).toThrow(RangeError);
  });

  it('is valid until it expires, then expired', () => {
    expect(verifyDocumentLink({ key, ...parts(link), now: issuedAt })).toBe('valid');
    expect(verifyDocumentLink({ key, ...parts(link), now: expiresAt })).toBe('expired');
  });

  it('is invalid when any part changed, when signed with another key, or when parts are missing', () => {
    const good = parts(link);
    const now = issuedAt;
    expect(verifyDocumentLink({ key, ...good, documentId: target.tenantId, now })).toBe('invalid');
    expect(verifyDocumentLink({ key, ...good, filename: 'Q-2026-0002.pdf', now })).toBe('invalid');
    expect(verifyDocumentLink({ key, ...good, tenantId: target.documentId, now })).toBe('invalid');
    // A later expiry is not the holder's to choose.
    expect(verifyDocumentLink({ key, ...good, exp: String(Number(good.exp) + 3600), now })).toBe('invalid');
    expect(verifyDocumentLink({ key, ...good, sig: `${good.sig}x`, now })).toBe('invalid');
    expect(verifyDocumentLink({ key, ...good, sig: undefined, now })).toBe('invalid');
    expect(verifyDocumentLink({ key, ...good, exp: 'soon', now })).toBe('invalid');
    const otherKey = documentLinkKey(Buffer.alloc(32, 8).toString('base64'));
    expect(verifyDocumentLink({ key: otherKey, ...good, now })).toBe('invalid');
  });

  it('derives a 32-byte key that differs from the encryption key', () => {
    const encryptionKey = Buffer.alloc(32, 7);
    expect(key).toHaveLength(32);
    expect(key.equals(encryptionKey)).toBe(false);
  });
});
