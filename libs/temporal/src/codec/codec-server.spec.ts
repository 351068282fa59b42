import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from './aes-gcm-codec';
import { startCodecServer } from './codec-server';

const KEY = Buffer.alloc(32, 7).toString('base64');
const TOKEN = 'codec-test-token';
const UI = 'http://localhost:8080';

describe('codec server (Temporal /encode and /decode over HTTP)', () => {
  let server: Server;
  let base: string;
  const codec = new AesGcmPayloadCodec([KEY]);

  beforeAll(async () => {
    server = await startCodecServer({ codec, tokens: [TOKEN], allowedOrigins: [UI], port: 0 });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** A payload as the UI sends it (proto3 JSON: base64 bytes). */
  const asJson = (payload: {
    metadata?: Record<string, Uint8Array | null> | null;
    data?: Uint8Array | null;
  }) => ({
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  });

  it('decodes what the worker sealed, so the UI shows the plain payload', async () => {
    const plain = defaultPayloadConverter.toPayload({ contactId: 'c-1', text: 'Olá' });
    const [sealed] = await codec.encode([plain]);
    const response = await post('/decode', { payloads: [asJson(sealed)] }, { 'X-Namespace': 'default' });
    expect(response.status).toBe(200);
    const { payloads } = (await response.json()) as {
      payloads: Array<{ metadata: Record<string, string>; data: string }>;
    };
    expect(Buffer.from(payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payloads[0].data, 'base64').toString())).toEqual({
      contactId: 'c-1',
      text: 'Olá',
    });
  });

  it('encodes with the same codec (the worker opens it)', async () => {
    const plain = defaultPayloadConverter.toPayload({ reason: 'inbox' });
    const response = await post('/encode', { payloads: [asJson(plain)] });
    expect(response.status).toBe(200);
    const { payloads } = (await response.json()) as {
      payloads: Array<{ metadata: Record<string, string>; data: string }>;
    };
    expect(Buffer.from(payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const [opened] = await codec.decode([
      {
        metadata: Object.fromEntries(
          Object.entries(payloads[0].metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
        ),
        data: Buffer.from(payloads[0].data, 'base64'),
      },
    ]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual({ reason: 'inbox' });
  });

  it('refuses a call without the bearer token, or with another one (401)', async () => {
    const body = { payloads: [] };
    expect((await post('/decode', body, { Authorization: '' })).status).toBe(401);
    const wrong = await post('/decode', body, { Authorization: 'Bearer guess' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it("answers the UI's CORS preflight for its origin only", async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/decode`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type,x-namespace',
        },
      });
    const allowed = await preflight(UI);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(UI);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers bad input with a stable 4xx code, never the payloads', async () => {
    const bad = await post('/decode', '{not json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_PAYLOADS' });
    const otherKey = new AesGcmPayloadCodec([Buffer.alloc(32, 9).toString('base64')]);
    const [foreign] = await otherKey.encode([defaultPayloadConverter.toPayload('secret')]);
    const unreadable = await post('/decode', { payloads: [asJson(foreign)] });
    expect(unreadable.status).toBe(422);
    expect(await unreadable.json()).toMatchObject({ code: 'PAYLOAD_UNREADABLE' });
    expect((await post('/other', { payloads: [] })).status).toBe(404);
  });
});
