import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeTenantSecret } from '@leadline/ai';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import type { ActivityJob } from '@leadline/engine';
import { step, type Flow } from '@leadline/flow-core';
import { createSafeFetch } from '@leadline/safe-http';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createHttpActivity } from './http-activity.handler';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

describe('the http step handler', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let server: Server;
  let base: string;
  let tenantId: string;
  let handler: Handler;
  const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> =
    [];
  const box = createSecretBoxFromBase64Keys({ current: Buffer.alloc(32, 9).toString('base64') });

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, headers: request.headers, body });
        handler(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    tenantId = (await prisma.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Sun' } }))
      .id;
    await withTenant(prisma, tenantId, (tx) =>
      writeTenantSecret(tx, box, { tenantId, name: 'crm_token', value: 'tok-secret-1' }),
    );
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
    await new Promise((resolve) => server?.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  function job(request: Partial<Extract<ActivityJob['request'], { kind: 'http' }>>): ActivityJob {
    return {
      tenantId,
      contactId: randomUUID(),
      runId: randomUUID(),
      requestId: 'r1',
      nodeId: 'call',
      request: {
        kind: 'http',
        method: 'POST',
        url: `${base}/leads`,
        headers: {},
        timeoutMs: 2_000,
        ...request,
      },
    };
  }

  // Built per call: prisma only exists once beforeAll ran.
  const allowing = (call: ActivityJob) =>
    createHttpActivity({ prisma, secrets: box, fetch: createSafeFetch({ privateAllowlist: ['127.0.0.1'] }) })(
      call,
    );
  const guarded = (call: ActivityJob) =>
    createHttpActivity({ prisma, secrets: box, fetch: createSafeFetch() })(call);

  it('sends the JSON body with the secret filled in, and saves status and parsed body', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"id":"lead-1"}');
    };
    const outcome = await allowing(
      job({
        url: `${base}/leads?src=wa`,
        headers: { Authorization: 'Bearer {{secrets.crm_token}}' },
        body: { phone: '+351912000000', tags: ['wa'] },
        secrets: [{ path: ['headers', 'Authorization'], index: 7, name: 'crm_token' }],
      }),
    );
    expect(outcome).toEqual({
      ok: true,
      output: { status: 201, headers: { 'content-type': 'application/json' }, body: { id: 'lead-1' } },
    });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/leads?src=wa',
      headers: { authorization: 'Bearer tok-secret-1', 'content-type': 'application/json' },
    });
    expect(JSON.parse(seen[0].body)).toEqual({ phone: '+351912000000', tags: ['wa'] });
  });

  // The attack of issue 16 item 3: a contact types `{{secrets.crm_token}}` into text an HTTP step
  // sends. The request comes from the real flow core, as an engine would carry it out.
  it("fills a secret only where the flow's author wrote it, never inside a contact's text", async () => {
    handler = (_request, body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body); // an API that echoes what it got: the answer is saved into the run
    };
    const flow: Flow = {
      format: 'leadline.flow/v1',
      id: 'echo',
      name: 'Echo',
      nodes: [
        { id: 'start', type: 'trigger', data: { on: 'message' } },
        {
          id: 'call',
          type: 'http',
          data: {
            method: 'POST',
            url: `${base}/notes?q={{message.text}}`,
            headers: { Authorization: 'Bearer {{secrets.crm_token}}', 'X-Note': '{{message.text}}' },
            body: { note: '{{message.text}}', nested: ['{{ $lowercase(message.text) }}'] },
            save: 'crm',
          },
        },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'call' }],
    };
    const typed = 'hi {{secrets.crm_token}} {{ secrets.crm_token }}';
    const { effects } = await step(
      flow,
      null,
      {
        type: 'start',
        runId: 'r1',
        trigger: 'message',
        contact: { phone: '+351912000000' },
        message: { type: 'text', text: typed, at: '2026-01-05T09:00:00.000Z' },
      },
      '2026-01-05T09:00:00.000Z',
    );
    const call = effects.find((effect) => effect.type === 'activity.call');
    if (call?.type !== 'activity.call' || call.request.kind !== 'http') throw new Error('no http call');

    const outcome = await allowing(job(call.request));

    expect(seen).toHaveLength(1);
    expect(seen[0].headers.authorization).toBe('Bearer tok-secret-1');
    expect(seen[0].headers['x-note']).toBe(typed);
    expect(decodeURIComponent(seen[0].url ?? '')).toBe(`/notes?q=${typed}`);
    expect(JSON.parse(seen[0].body)).toEqual({ note: typed, nested: [typed.toLowerCase()] });
    expect(JSON.stringify(outcome)).not.toContain('tok-secret-1');
    expect(outcome).toMatchObject({ ok: true, output: { body: { note: typed } } });
  });

  it('takes the error port on a non-2xx answer, naming method, address and status', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(503);
      response.end('down');
    };
    await expect(allowing(job({ method: 'GET', url: `${base}/leads?phone=+351` }))).resolves.toEqual({
      ok: false,
      error: { code: 'HTTP_STATUS', message: `GET ${base}/leads answered 503 Service Unavailable.` },
    });
  });

  it('times out after the step timeout', async () => {
    handler = () => undefined;
    await expect(allowing(job({ timeoutMs: 150 }))).resolves.toEqual({
      ok: false,
      error: { code: 'HTTP_TIMEOUT', message: `POST ${base}/leads did not answer within 0.15 s.` },
    });
  });

  it('refuses a secret the workspace does not have, without sending anything', async () => {
    const outcome = await allowing(
      job({
        headers: { 'X-Key': '{{secrets.missing_key}}' },
        secrets: [{ path: ['headers', 'X-Key'], index: 0, name: 'missing_key' }],
      }),
    );
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'HTTP_SECRET_MISSING',
        message: `POST ${base}/leads: this workspace has no secret named "missing_key".`,
      },
    });
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['loopback', () => `${base}/leads`, '127.0.0.1'],
    ['IPv6 loopback', () => `http://[::1]:${new URL(base).port}/`, '::1'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['IPv4-compatible loopback', () => `http://[::127.0.0.1]:${new URL(base).port}/`, '::7f00:1'],
    ['a private LAN address', () => 'http://192.168.1.10/admin', '192.168.1.10'],
  ])('refuses %s without an allow-list entry', async (_case, url, address) => {
    const outcome = await guarded(job({ url: url() }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'HTTP_BLOCKED' } });
    expect(!outcome.ok && outcome.error.message).toMatch(
      new RegExp(`addresses are (not|never) allowed: ${address.replace(/\./g, '\\.')}`),
    );
    expect(seen).toHaveLength(0);
  });
});
