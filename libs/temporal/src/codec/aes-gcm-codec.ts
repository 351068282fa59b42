import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The encoding an encrypted payload declares; the codec server and the worker recognise it. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Which key sealed a payload (a hash of it), so a rotated key still opens old histories. */
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (text: string) => new TextEncoder().encode(text);

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Encrypts every payload Temporal stores (workflow inputs, signals, activity inputs and results,
 * queries) with AES-256-GCM, so no contact data is readable in histories, the Web UI or exports.
 * The whole payload (its metadata too) is sealed; the outer payload says only "binary/encrypted"
 * and which key. `keys[0]` seals; all of them open (rotation: put the new key first, keep the old).
 * The same codec runs in the worker, the API's client and the codec server (docs/engines.md).
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly sealing: { id: string; key: Buffer };
  private readonly opening = new Map<string, Buffer>();

  constructor(base64Keys: string[]) {
    if (!base64Keys.length) throw new Error('AesGcmPayloadCodec needs at least one key');
    for (const encoded of base64Keys) {
      const key = Buffer.from(encoded, 'base64');
      if (key.length !== 32) throw new Error('a Temporal payload key must be base64 of 32 bytes');
      this.opening.set(keyId(key), key);
    }
    const first = Buffer.from(base64Keys[0], 'base64');
    this.sealing = { id: keyId(first), key: first };
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.sealing.key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: utf8(this.sealing.id),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload; // written before the codec
      const id = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.opening.get(id);
      if (!key) throw new Error(`no TEMPORAL_PAYLOAD_KEY with id ${id} to open this payload`);
      const data = Buffer.from(payload.data ?? []);
      const iv = data.subarray(0, IV_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}
