import type { OutboundMessage } from '@leadline/flow-core';
import { MetaCloudProvider, ProviderError, type TemplateInfo } from '@leadline/whatsapp';
import { json, startLoopback, type Loopback } from './loopback-server';

const TOKEN = 'EAAG-test-token-do-not-leak';
const TO = '+4915112345678';
const TEXT: OutboundMessage = { type: 'text', text: 'secret body text' };

let graph: Loopback;

beforeEach(async () => {
  graph = await startLoopback((_req, res) => json(res, 500, {}));
});
afterEach(() => graph.close());

function provider(overrides: Partial<ConstructorParameters<typeof MetaCloudProvider>[0]> = {}) {
  return new MetaCloudProvider({
    graphUrl: graph.url,
    graphVersion: 'v25.0',
    phoneNumberId: 'PN1',
    wabaId: 'WABA1',
    accessToken: TOKEN,
    timeoutMs: 2000,
    ...overrides,
  });
}

function graphError(code: number, message: string, details?: string) {
  return {
    error: {
      message: `(#${code}) ${message}`,
      type: 'OAuthException',
      code,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: 'AbCdEf123',
    },
  };
}

async function sendError(
  p = provider(),
  message: OutboundMessage = TEXT,
  attempt?: number,
): Promise<ProviderError> {
  const error = await p.send(TO, message, { idempotencyKey: 'key-1', attempt }).catch((e: unknown) => e);
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  // Nothing secret or personal may end up in what gets logged.
  expect(error.message).not.toContain(TOKEN);
  expect(error.message).not.toContain('secret body text');
  expect(JSON.stringify(error)).not.toContain(TOKEN);
  expect(error.cause).toBeUndefined();
  return error;
}

describe('MetaCloudProvider.send over HTTP', () => {
  it('posts the message with Bearer auth to /{version}/{phone-number-id}/messages and returns the wamid', async () => {
    graph.handle((_req, res) =>
      json(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: TO, wa_id: '4915112345678' }],
        messages: [{ id: 'wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjAB' }],
      }),
    );
    await expect(provider().send(TO, TEXT, { idempotencyKey: 'key-1' })).resolves.toEqual({
      providerMessageId: 'wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjAB',
    });
    const [request] = graph.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v25.0/PN1/messages');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body.toString())).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'text',
      text: { preview_url: false, body: 'secret body text' },
      biz_opaque_callback_data: 'key-1',
    });
  });

  it('leaves the version out when configured empty', async () => {
    graph.handle((_req, res) =>
      json(res, 200, { messages: [{ id: 'wamid.X', message_status: 'accepted' }] }),
    );
    await provider({ graphVersion: '', graphUrl: `${graph.url}/` }).send(TO, TEXT, { idempotencyKey: 'k' });
    expect(graph.requests[0].url).toBe('/PN1/messages');
  });

  it('turns 401 / 190 into an auth error', async () => {
    graph.handle((_req, res) =>
      json(res, 401, graphError(190, 'Error validating access token: Session has expired')),
    );
    const error = await sendError();
    expect(error).toMatchObject({
      provider: 'meta',
      code: 190,
      httpStatus: 401,
      classification: { kind: 'auth' },
    });
    expect(error.message).toContain('Session has expired');
  });

  it('turns 429 / 130429 into a retryable error and honours Retry-After', async () => {
    graph.handle((_req, res) => json(res, 429, graphError(130429, 'Rate limit hit'), { 'Retry-After': '7' }));
    expect(await sendError()).toMatchObject({
      code: 130429,
      httpStatus: 429,
      classification: { kind: 'retryable', retryAfterMs: 7000 },
    });
  });

  it('turns 400 / 131056 into a per-recipient backoff of 4^attempt seconds, from error_data.details', async () => {
    graph.handle((_req, res) =>
      json(
        res,
        400,
        graphError(
          131056,
          '(Business Account, Consumer Account) pair rate limit hit',
          'Too many messages to the same recipient',
        ),
      ),
    );
    const error = await sendError(provider(), TEXT, 2);
    expect(error).toMatchObject({
      code: 131056,
      httpStatus: 400,
      classification: { kind: 'rate_limited_recipient', retryAfterMs: 16_000 },
    });
    expect(error.message).toContain('Too many messages to the same recipient');
  });

  it('turns 400 / 132001 (template missing in that language) into a permanent error', async () => {
    graph.handle((_req, res) =>
      json(res, 400, graphError(132001, 'Template name does not exist in the translation')),
    );
    const template: OutboundMessage = {
      type: 'template',
      template: { name: 'nope', language: 'xx', params: [] },
    };
    expect(await sendError(provider(), template)).toMatchObject({
      code: 132001,
      classification: { kind: 'permanent' },
    });
  });

  it('turns a synchronous 131047 into window_closed', async () => {
    graph.handle((_req, res) => json(res, 400, graphError(131047, 'Re-engagement message')));
    expect((await sendError()).classification).toEqual({ kind: 'window_closed' });
  });

  it('turns a 500 with an HTML body into a retryable error', async () => {
    graph.handle((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    expect(await sendError()).toMatchObject({ httpStatus: 502, classification: { kind: 'retryable' } });
    expect((await sendError()).code).toBeUndefined();
  });

  it('turns a 200 with malformed JSON or an unexpected shape into malformed_response', async () => {
    graph.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"messages": [');
    });
    expect(await sendError()).toMatchObject({
      code: 'malformed_response',
      classification: { kind: 'retryable' },
    });
    graph.handle((_req, res) => json(res, 200, { messages: [] }));
    expect(await sendError()).toMatchObject({ code: 'malformed_response' });
  });

  it('gives up after timeoutMs when the server never answers', async () => {
    graph.handle(() => undefined);
    const started = Date.now();
    const error = await sendError(provider({ timeoutMs: 200 }));
    expect(error).toMatchObject({ code: 'timeout', classification: { kind: 'retryable' } });
    // The server never answers: any bound proves the timeout; a loose one survives a loaded machine.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports a refused connection as a retryable network error', async () => {
    const url = graph.url;
    await graph.close();
    const error = await sendError(provider({ graphUrl: url }));
    expect(error).toMatchObject({ code: 'network', classification: { kind: 'retryable' } });
    graph = await startLoopback((_req, res) => json(res, 500, {}));
  });

  it('refuses an invalid message before any request', async () => {
    const error = await sendError(provider(), { type: 'media', media: { kind: 'image', url: 'file.png' } });
    expect(error).toMatchObject({ code: 'invalid_message' });
    expect(graph.requests).toHaveLength(0);
  });
});

describe('MetaCloudProvider media, read receipts and templates over HTTP', () => {
  it('uploads media as multipart with messaging_product, type and the file', async () => {
    graph.handle((_req, res) => json(res, 200, { id: '1900000000000001' }));
    const data = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    await expect(
      provider().uploadMedia({ data, filename: 'invoice-7781.pdf', mimeType: 'application/pdf' }),
    ).resolves.toEqual({ mediaId: '1900000000000001' });
    const [request] = graph.requests;
    expect(request.url).toBe('/v25.0/PN1/media');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const form = await new Response(new Uint8Array(request.body), {
      headers: { 'Content-Type': String(request.headers['content-type']) },
    }).formData();
    expect(form.get('messaging_product')).toBe('whatsapp');
    expect(form.get('type')).toBe('application/pdf');
    const file = form.get('file') as File;
    expect(file.name).toBe('invoice-7781.pdf');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(data);
  });

  it('marks a message read', async () => {
    graph.handle((_req, res) => json(res, 200, { success: true }));
    await provider().markRead('wamid.IN1');
    expect(JSON.parse(graph.requests[0].body.toString())).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN1',
    });
    graph.handle((_req, res) => json(res, 200, { success: false }));
    await expect(provider().markRead('wamid.IN1')).rejects.toMatchObject({ code: 'malformed_response' });
  });

  it('sends and marks read on node:http unless a fetch is given (the step path without fetch)', async () => {
    graph.handle((req, res) =>
      req.body.toString().includes('"status":"read"')
        ? json(res, 200, { success: true })
        : json(res, 200, { messaging_product: 'whatsapp', messages: [{ id: 'wamid.OUT1' }] }),
    );
    const globalFetch = jest.spyOn(globalThis, 'fetch');
    try {
      await expect(provider().send(TO, TEXT, { idempotencyKey: 'key-2' })).resolves.toEqual({
        providerMessageId: 'wamid.OUT1',
      });
      await provider().markRead('wamid.IN1');
      expect(globalFetch).not.toHaveBeenCalled();
      expect(graph.requests.map((r) => r.headers['content-length'])).toEqual([
        String(graph.requests[0].body.length),
        String(graph.requests[1].body.length),
      ]);
    } finally {
      globalFetch.mockRestore();
    }
    // An injected fetch (tests, a proxy) still carries every request.
    const given = jest.fn(globalThis.fetch);
    await provider({ fetch: given }).send(TO, TEXT, { idempotencyKey: 'key-3' });
    expect(given).toHaveBeenCalledTimes(1);
  });

  it('lists templates across pages by following paging.next', async () => {
    const template = (id: string, name: string) => ({
      id,
      name,
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Hi {{1}}' }],
    });
    graph.handle((req, res) => {
      if (req.url.includes('after=P2')) {
        json(res, 200, { data: [template('3', 'c')], paging: { cursors: { before: 'P2', after: 'END' } } });
      } else {
        json(res, 200, {
          data: [template('1', 'a'), template('2', 'b')],
          paging: {
            cursors: { after: 'P2' },
            next: `${graph.url}/v25.0/WABA1/message_templates?limit=2&after=P2`,
          },
        });
      }
    });
    const listed: TemplateInfo[] = [];
    for await (const item of provider().listTemplates()) listed.push(item);
    expect(listed.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(listed[0]).toEqual({
      id: '1',
      name: 'a',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      parameterFormat: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Hi {{1}}' }],
    });
    expect(graph.requests.map((r) => r.url.split('?')[0])).toEqual([
      '/v25.0/WABA1/message_templates',
      '/v25.0/WABA1/message_templates',
    ]);
    expect(graph.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('never sends the token to a paging.next on another host; it uses the cursor instead', async () => {
    const elsewhere = await startLoopback((_req, res) => json(res, 200, { data: [] }));
    try {
      graph.handle((req, res) => {
        if (req.url.includes('after=P2')) json(res, 200, { data: [] });
        else
          json(res, 200, {
            data: [{ id: '1', name: 'a', language: 'en', status: 'APPROVED' }],
            paging: {
              cursors: { after: 'P2' },
              next: `${elsewhere.url}/v25.0/WABA1/message_templates?after=P2`,
            },
          });
      });
      const names: string[] = [];
      for await (const item of provider().listTemplates()) names.push(item.name);
      expect(names).toEqual(['a']);
      expect(elsewhere.requests).toHaveLength(0);
      expect(graph.requests).toHaveLength(2);
    } finally {
      await elsewhere.close();
    }
  });

  it('creates a template', async () => {
    graph.handle((_req, res) =>
      json(res, 200, { id: '594425479261596', status: 'PENDING', category: 'UTILITY' }),
    );
    const created = await provider().createTemplate({
      name: 'order_shipped',
      language: 'en_US',
      category: 'UTILITY',
      parameterFormat: 'positional',
      components: [{ type: 'BODY', text: 'Hi {{1}}', example: { body_text: [['Ana']] } }],
    });
    expect(created).toEqual({ id: '594425479261596', status: 'PENDING' });
    expect(graph.requests[0].url).toBe('/v25.0/WABA1/message_templates');
    expect(JSON.parse(graph.requests[0].body.toString())).toEqual({
      name: 'order_shipped',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'positional',
      components: [{ type: 'BODY', text: 'Hi {{1}}', example: { body_text: [['Ana']] } }],
    });
  });

  it('reports template errors with their classification', async () => {
    graph.handle((_req, res) => json(res, 400, graphError(100, 'Invalid parameter')));
    await expect(
      provider().createTemplate({ name: 'Bad Name', language: 'en', category: 'UTILITY', components: [] }),
    ).rejects.toMatchObject({ code: 100, classification: { kind: 'permanent' } });
  });
});
