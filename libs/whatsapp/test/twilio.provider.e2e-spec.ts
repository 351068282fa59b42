import type { OutboundMessage } from '@leadline/flow-core';
import { ProviderError, TwilioProvider, type TwilioProviderOptions } from '@leadline/whatsapp';
import { json, startLoopback, type Loopback, type RecordedRequest } from './loopback-server';

const ACCOUNT_SID = 'AC00000000000000000000000000000001';
const AUTH_TOKEN = 'twilio-auth-token-do-not-leak';
const TO = '+4915112345678';
const TEXT: OutboundMessage = { type: 'text', text: 'secret body text' };
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

let api: Loopback;

beforeEach(async () => {
  api = await startLoopback((_req, res) => json(res, 500, {}));
});
afterEach(() => api.close());

function provider(overrides: Partial<TwilioProviderOptions> = {}) {
  return new TwilioProvider({
    apiUrl: api.url,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: '+15550001111',
    contentSids: { 'order_shipped:en_US': 'HX0000000000000000000000000000000a' },
    timeoutMs: 2000,
    ...overrides,
  });
}

function created(
  res: Parameters<Parameters<Loopback['handle']>[0]>[1],
  sid = 'SM0123456789abcdef0123456789abcdef',
) {
  json(res, 201, {
    sid,
    status: 'queued',
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    account_sid: ACCOUNT_SID,
  });
}

function form(request: RecordedRequest): URLSearchParams {
  return new URLSearchParams(request.body.toString());
}

async function sendError(p = provider(), message: OutboundMessage = TEXT): Promise<ProviderError> {
  const error = await p.send(TO, message, { idempotencyKey: 'key-1' }).catch((e: unknown) => e);
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  expect(error.message).not.toContain(AUTH_TOKEN);
  expect(error.message).not.toContain('secret body text');
  expect(error.cause).toBeUndefined();
  return error;
}

describe('TwilioProvider.send through the official SDK', () => {
  it('posts the form with Basic auth to the configured base URL and returns the SM sid', async () => {
    api.handle((_req, res) => created(res));
    await expect(provider().send(TO, TEXT, { idempotencyKey: 'key-1' })).resolves.toEqual({
      providerMessageId: 'SM0123456789abcdef0123456789abcdef',
    });
    const [request] = api.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(MESSAGES_PATH);
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(form(request))).toEqual({
      To: 'whatsapp:+4915112345678',
      From: 'whatsapp:+15550001111',
      Body: 'secret body text',
    });
  });

  it('keeps a path prefix of the base URL', async () => {
    api.handle((_req, res) => created(res));
    await provider({ apiUrl: `${api.url}/twilio/` }).send(TO, TEXT, { idempotencyKey: 'k' });
    expect(api.requests[0].url).toBe(`/twilio${MESSAGES_PATH}`);
  });

  it('sends media as MediaUrl with the caption as Body, and a status callback', async () => {
    api.handle((_req, res) => created(res, 'MM0123456789abcdef0123456789abcdef'));
    const sent = await provider({ statusCallback: 'https://hooks.example.test/twilio/status' }).send(
      TO,
      { type: 'media', media: { kind: 'image', url: 'https://cdn.example.test/menu.png', caption: 'Menu' } },
      { idempotencyKey: 'k' },
    );
    expect(sent.providerMessageId).toBe('MM0123456789abcdef0123456789abcdef');
    const body = form(api.requests[0]);
    expect(body.getAll('MediaUrl')).toEqual(['https://cdn.example.test/menu.png']);
    expect(body.get('Body')).toBe('Menu');
    // The send's idempotency key rides along, so an early callback still finds its message.
    expect(body.get('StatusCallback')).toBe('https://hooks.example.test/twilio/status?messageRef=k');
  });

  it('sends a template as ContentSid + ContentVariables and no Body', async () => {
    api.handle((_req, res) => created(res));
    await provider().send(
      TO,
      { type: 'template', template: { name: 'order_shipped', language: 'en_US', params: ['Ana', '#7781'] } },
      { idempotencyKey: 'k' },
    );
    const body = form(api.requests[0]);
    expect(body.get('ContentSid')).toBe('HX0000000000000000000000000000000a');
    expect(JSON.parse(body.get('ContentVariables') ?? '')).toEqual({ 1: 'Ana', 2: '#7781' });
    expect(body.has('Body')).toBe(false);
  });

  it('refuses a template without a ContentSid before any request', async () => {
    const error = await sendError(provider(), {
      type: 'template',
      template: { name: 'unknown_template', language: 'en_US', params: [] },
    });
    expect(error).toMatchObject({ code: 'template_not_mapped', classification: { kind: 'permanent' } });
    expect(api.requests).toHaveLength(0);
  });

  it('turns a 400 error body {code, message, status} into a permanent error', async () => {
    api.handle((_req, res) =>
      json(res, 400, {
        code: 21211,
        message: "The 'To' number whatsapp:+4915112345678 is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      }),
    );
    const error = await sendError();
    expect(error).toMatchObject({
      provider: 'twilio',
      code: 21211,
      httpStatus: 400,
      classification: { kind: 'permanent' },
    });
    expect(error.message).toContain('not a valid phone number');
  });

  it('turns 401 / 20003 into an auth error', async () => {
    api.handle((_req, res) => json(res, 401, { code: 20003, message: 'Authenticate', status: 401 }));
    expect(await sendError()).toMatchObject({
      code: 20003,
      httpStatus: 401,
      classification: { kind: 'auth' },
    });
  });

  it('turns 429 / 20429 into a retryable error (the SDK does not retry on its own)', async () => {
    api.handle((_req, res) => json(res, 429, { code: 20429, message: 'Too Many Requests', status: 429 }));
    expect(await sendError()).toMatchObject({ code: 20429, classification: { kind: 'retryable' } });
    expect(api.requests).toHaveLength(1);
  });

  it('turns a 500 without a body into a retryable error', async () => {
    api.handle((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    expect(await sendError()).toMatchObject({ httpStatus: 500, classification: { kind: 'retryable' } });
  });

  it('turns a 201 with malformed JSON or without a sid into malformed_response', async () => {
    api.handle((_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{"sid": "SM');
    });
    expect(await sendError()).toMatchObject({
      code: 'malformed_response',
      classification: { kind: 'retryable' },
    });
    api.handle((_req, res) => json(res, 201, { status: 'queued' }));
    expect(await sendError()).toMatchObject({ code: 'malformed_response' });
  });

  it('gives up after timeoutMs when the server never answers', async () => {
    api.handle(() => undefined);
    const started = Date.now();
    expect(await sendError(provider({ timeoutMs: 200 }))).toMatchObject({
      code: 'timeout',
      classification: { kind: 'retryable' },
    });
    // The server never answers: any bound proves the timeout; a loose one survives a loaded machine.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports a refused connection as a retryable network error', async () => {
    const url = api.url;
    await api.close();
    expect(await sendError(provider({ apiUrl: url }))).toMatchObject({
      code: 'network',
      classification: { kind: 'retryable' },
    });
    api = await startLoopback((_req, res) => json(res, 500, {}));
  });

  it('rejects a sender that is not a phone number at construction', () => {
    expect(() => provider({ from: 'my-shop' })).toThrow(/E\.164/);
  });
});
