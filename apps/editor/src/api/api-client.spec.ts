import { ApiClient, ApiError } from './api-client';

function answering(routes: Record<string, { status: number; body: unknown }>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const route = routes[url] ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'nope' } } };
    return new Response(JSON.stringify(route.body), { status: route.status });
  }) as unknown as typeof fetch;
  return { calls, client: new ApiClient(() => ({ token: 'tok', who: 'me' }), fetcher) };
}

describe('ApiClient', () => {
  it('sends the token and turns error bodies into ApiError with the details', async () => {
    const { calls, client } = answering({
      '/api/flows/f1/publish': {
        status: 422,
        body: { error: { code: 'FLOW_INVALID', message: 'two errors', details: ['a: X', 'b: Y'] } },
      },
    });
    const failure = await client.publish('f1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 422, message: 'two errors', details: ['a: X', 'b: Y'] });
    expect(calls[0].init.headers).toMatchObject({ Authorization: 'Bearer tok' });
  });

  it('builds typed calls from the OpenAPI paths: path and query parameters, JSON bodies, no token on login', async () => {
    const { calls, client } = answering({
      '/api/flows/a%2Fb/diff?from=2&to=draft': {
        status: 200,
        body: {
          nodes: { added: [], removed: [], changed: [] },
          edges: { added: [], removed: [], changed: [] },
          flow: [],
          same: true,
        },
      },
      '/api/auth/login': {
        status: 200,
        body: {
          accessToken: 'a',
          refreshToken: 'r',
          expiresIn: 900,
          tokenType: 'Bearer',
          user: { id: 'u', email: 'ana@acme.test', name: 'Ana', role: 'owner', tenant: 'acme' },
        },
      },
    });
    await expect(client.diff('a/b', 2)).resolves.toMatchObject({ same: true });
    await expect(client.login('acme', 'ana@acme.test', 'pw')).resolves.toMatchObject({
      token: 'a',
      role: 'owner',
    });
    expect(calls.map(({ url, init }) => [url, init.method])).toEqual([
      ['/api/flows/a%2Fb/diff?from=2&to=draft', 'GET'],
      ['/api/auth/login', 'POST'],
    ]);
    expect(calls[1].init.headers).not.toHaveProperty('Authorization');
    expect(JSON.parse(String(calls[1].init.body))).toEqual({
      tenant: 'acme',
      email: 'ana@acme.test',
      password: 'pw',
    });
  });

  it('reads templates from the templates module page, with body parameter slots from the components', async () => {
    const { client } = answering({
      '/api/templates': {
        status: 200,
        body: {
          data: [
            {
              name: 'still_interested',
              language: 'en',
              status: 'approved',
              components: [{ type: 'BODY', text: 'Hi {{1}}, still keen on {{2}}?' }],
            },
          ],
          nextCursor: null,
        },
      },
    });
    await expect(client.templates()).resolves.toEqual([
      expect.objectContaining({ name: 'still_interested', status: 'approved', bodyParams: 2 }),
    ]);
  });

  it('falls back to the flows module list when /api/templates is missing, and has no activities without a manifest', async () => {
    const { client } = answering({
      '/api/flow-templates': { status: 200, body: [{ name: 't', language: 'en', bodyParams: 0 }] },
    });
    await expect(client.templates()).resolves.toEqual([{ name: 't', language: 'en', bodyParams: 0 }]);
    await expect(client.activities()).resolves.toEqual([]);
  });

  it('reads the activities manifest: title as the palette label, input schema for the property panel, output for the variable menu', async () => {
    const input = { type: 'object', properties: { budget: { type: 'number' } } };
    const output = { type: 'object', properties: { score: { type: 'number' } } };
    const { client } = answering({
      '/api/activities': {
        status: 200,
        body: {
          activities: [{ name: 'score-lead', title: 'Score a lead', description: 'd', input, output }],
        },
      },
    });
    await expect(client.activities()).resolves.toEqual([
      { name: 'score-lead', label: 'Score a lead', description: 'd', icon: undefined, input, output },
    ]);
  });

  it('trades the refresh token for a new access token once on a 401, and retries', async () => {
    let session = { token: 'old', refreshToken: 'r1', who: 'me' };
    const seen: string[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).Authorization ?? '';
      seen.push(`${url} ${auth}`);
      if (url === '/api/auth/refresh') {
        expect(JSON.parse(String(init.body))).toEqual({ refreshToken: 'r1' });
        return new Response(JSON.stringify({ accessToken: 'new', refreshToken: 'r2' }), { status: 200 });
      }
      return auth === 'Bearer new'
        ? new Response('[]', { status: 200 })
        : new Response(JSON.stringify({ error: { message: 'expired' } }), { status: 401 });
    }) as unknown as typeof fetch;
    const client = new ApiClient(
      () => session,
      fetcher,
      (next) => (session = { ...next, refreshToken: next.refreshToken ?? '' }),
    );
    await expect(client.listFlows()).resolves.toEqual([]);
    expect(seen).toEqual(['/api/flows Bearer old', '/api/auth/refresh ', '/api/flows Bearer new']);
    expect(session).toMatchObject({ token: 'new', refreshToken: 'r2' });

    // A refresh token that is refused ends in the 401 the caller turns into "sign in again".
    session = { token: 'old', refreshToken: '', who: 'me' };
    await expect(client.listFlows()).rejects.toMatchObject({ status: 401 });
  });
});
