import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from './aes-gcm-codec';

const key = () => randomBytes(32).toString('base64');

describe('AesGcmPayloadCodec', () => {
  const personal = { phone: '+351912345678', name: 'Ana Sousa', text: 'my email is ana@example.com' };

  it('seals a payload so none of its data or metadata is readable, and opens it again', async () => {
    const codec = new AesGcmPayloadCodec([key()]);
    const payload = defaultPayloadConverter.toPayload(personal);
    const [sealed] = await codec.encode([payload]);
    const raw = Buffer.from(sealed.data ?? []).toString('latin1');
    for (const secret of ['+351912345678', 'Ana Sousa', 'ana@example.com', 'json/plain'])
      expect(raw).not.toContain(secret);
    expect(Buffer.from(sealed.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
    const [opened] = await codec.decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual(personal);
  });

  it('opens payloads sealed with a previous key after rotation, and refuses a tampered one', async () => {
    const old = key();
    const [sealed] = await new AesGcmPayloadCodec([old]).encode([
      defaultPayloadConverter.toPayload(personal),
    ]);
    const rotated = new AesGcmPayloadCodec([key(), old]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([sealed]))[0])).toEqual(personal);
    await expect(new AesGcmPayloadCodec([key()]).decode([sealed])).rejects.toThrow(/no TEMPORAL_PAYLOAD_KEY/);
    const data = Buffer.from(sealed.data ?? []);
    data[20] ^= 1;
    await expect(rotated.decode([{ ...sealed, data }])).rejects.toThrow();
  });

  it('passes payloads written before the codec through (histories of a running conversation)', async () => {
    const plain = defaultPayloadConverter.toPayload({ tenantId: 't' });
    expect(await new AesGcmPayloadCodec([key()]).decode([plain])).toEqual([plain]);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new AesGcmPayloadCodec([Buffer.alloc(16).toString('base64')])).toThrow(/32 bytes/);
  });
});
