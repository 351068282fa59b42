import { describeUrl, fillSecrets, httpStepOutput, secretNamesIn } from './http-request';

describe('HTTP step requests', () => {
  const request = {
    kind: 'http' as const,
    method: 'POST',
    timeoutMs: 1_000,
    url: 'https://crm.example.com/leads?key={{secrets.crm_key}}',
    headers: { Authorization: 'Bearer {{secrets.crm_token}}', 'X-Trace': 'plain {{secrets.other}}' },
    body: {
      nested: ['{{secrets.crm_token}}', 3, { deep: 'a{{secrets.other}}b{{secrets.other}}' }],
      count: 2,
    },
    secrets: [
      { path: ['url'], index: 34, name: 'crm_key' },
      { path: ['headers', 'Authorization'], index: 7, name: 'crm_token' },
      { path: ['body', 'nested', 0], index: 0, name: 'crm_token' },
      { path: ['body', 'nested', 2, 'deep'], index: 1, name: 'other' },
      { path: ['body', 'nested', 2, 'deep'], index: 19, name: 'other' },
    ],
  };
  const secrets = { crm_key: 'K', crm_token: 'T', other: 'O' };

  it('finds each secret the author asked for, once', () => {
    expect(secretNamesIn(request)).toEqual(['crm_key', 'crm_token', 'other']);
    expect(secretNamesIn({ ...request, secrets: undefined })).toEqual([]);
  });

  it('fills the secrets at their slots at any depth and leaves everything else as it is', () => {
    expect(fillSecrets(request, secrets)).toEqual({
      url: 'https://crm.example.com/leads?key=K',
      // No slot there: a placeholder that came from a contact's text stays text.
      headers: { Authorization: 'Bearer T', 'X-Trace': 'plain {{secrets.other}}' },
      body: { nested: ['T', 3, { deep: 'aObO' }], count: 2 },
    });
    expect(request.headers.Authorization).toBe('Bearer {{secrets.crm_token}}');
  });

  it('fills nothing in a request without slots', () => {
    expect(fillSecrets({ ...request, secrets: undefined }, secrets)).toEqual({
      url: request.url,
      headers: request.headers,
      body: request.body,
    });
  });

  it('refuses a slot that does not point at its placeholder', () => {
    expect(() =>
      fillSecrets(
        { ...request, secrets: [{ path: ['headers', 'X-Trace'], index: 0, name: 'other' }] },
        secrets,
      ),
    ).toThrow('no secret placeholder at headers.X-Trace');
    expect(() =>
      fillSecrets(
        { ...request, secrets: [{ path: ['body', 'missing', 'x'], index: 0, name: 'other' }] },
        secrets,
      ),
    ).toThrow('no secret placeholder at body.missing.x');
  });

  it('describes a URL without its query', () => {
    expect(describeUrl('https://crm.example.com/a/{{secrets.x}}?phone=+351')).toBe(
      'https://crm.example.com/a/{{secrets.x}}',
    );
    expect(describeUrl('not a url')).toBe('the URL');
  });

  it('saves JSON bodies parsed, text as text and no body as null', () => {
    expect(httpStepOutput(200, 'application/json; charset=utf-8', '{"id":7}')).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: { id: 7 },
    });
    expect(httpStepOutput(200, 'text/plain', 'hello').body).toBe('hello');
    expect(httpStepOutput(200, 'text/plain', '{broken').body).toBe('{broken');
    expect(httpStepOutput(204, null, '')).toEqual({ status: 204, headers: {}, body: null });
  });
});
