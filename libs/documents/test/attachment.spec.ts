import {
  attachmentKind,
  attachmentRefusal,
  mediaLinkKey,
  signMediaLink,
  verifyMediaLink,
  documentLinkKey,
  verifyDocumentLink,
  ATTACHMENT_IMAGE_MAX_BYTES,
} from '../src';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PDF = Buffer.from('%PDF-1.7\n...');

describe('files a person attaches in the inbox', () => {
  it('takes photos and documents whose content matches their type', () => {
    expect(attachmentRefusal('image/png', PNG)).toBeUndefined();
    expect(attachmentRefusal('application/pdf; charset=binary', PDF)).toBeUndefined();
    expect(attachmentRefusal('text/plain', Buffer.from('hello'))).toBeUndefined();
    expect(attachmentKind('image/png')).toBe('image');
    expect(attachmentKind('application/pdf')).toBe('document');
  });

  it('refuses other types, empty or oversized files, and content that lies about its type', () => {
    expect(attachmentRefusal('application/x-msdownload', PDF)?.code).toBe('ATTACHMENT_TYPE');
    expect(attachmentRefusal('image/svg+xml', Buffer.from('<svg/>'))?.code).toBe('ATTACHMENT_TYPE');
    expect(attachmentRefusal('image/png', Buffer.alloc(0))?.code).toBe('ATTACHMENT_EMPTY');
    const big = Buffer.concat([PNG, Buffer.alloc(ATTACHMENT_IMAGE_MAX_BYTES)]);
    expect(attachmentRefusal('image/png', big)).toEqual({
      code: 'ATTACHMENT_TOO_LARGE',
      message: 'Photos may be at most 5 MB on WhatsApp.',
    });
    expect(attachmentRefusal('application/pdf', PNG)?.code).toBe('ATTACHMENT_CONTENT');
    expect(attachmentRefusal('text/plain', Buffer.from([0x4d, 0x5a, 0, 0]))?.code).toBe('ATTACHMENT_CONTENT');
  });

  it('signs links with a key of their own: a media link does not verify as a document link', () => {
    const secret = Buffer.alloc(32, 7).toString('base64');
    const now = new Date('2026-12-06T10:00:00Z');
    const link = new URL(
      signMediaLink({
        tenantId: 't1',
        mediaId: 'm1',
        filename: 'roof.png',
        publicUrl: 'https://leadline.example',
        key: mediaLinkKey(secret),
        expiresAt: new Date(now.getTime() + 60_000),
        now,
      }),
    );
    expect(link.pathname).toBe('/media/files/m1/roof.png');
    const params = {
      tenantId: link.searchParams.get('tenant'),
      filename: 'roof.png',
      exp: link.searchParams.get('exp'),
      sig: link.searchParams.get('sig'),
      now,
    };
    expect(verifyMediaLink({ ...params, key: mediaLinkKey(secret), mediaId: 'm1' })).toBe('valid');
    expect(verifyMediaLink({ ...params, key: mediaLinkKey(secret), mediaId: 'm2' })).toBe('invalid');
    expect(verifyDocumentLink({ ...params, key: documentLinkKey(secret), documentId: 'm1' })).toBe('invalid');
  });
});
