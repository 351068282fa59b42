import { ApiClient, ApiError } from './api-client';

function answering(routes: Record<string, { status: number; body: unknown }>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const route = routes[url] ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'nope' } } };
    return new Response(JSON.stringify(route.body), { status: route.status });
  }) as unknown as typeof fetch;
  return { calls, client: new ApiClient(() => 'tok', fetcher) };
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
});
