import { describeUrl, fillSecrets, httpStepOutput, secretNamesIn } from './http-request';

describe('HTTP step requests', () => {
  const request = {
    url: 'https://crm.example.com/leads?key={{secrets.crm_key}}',
    headers: { Authorization: 'Bearer {{ secrets.crm_token }}', 'X-Trace': 'plain' },
    body: { nested: ['{{secrets.crm_token}}', 3, { deep: 'a{{secrets.other}}b' }], count: 2 },
  };

  it('finds each secret a request names, once', () => {
    expect(secretNamesIn(request.url, request.headers, request.body)).toEqual([
      'crm_key',
      'crm_token',
      'other',
    ]);
    expect(secretNamesIn('no {{contact.name}} secrets', { a: 1 })).toEqual([]);
  });

  it('fills the secrets in strings at any depth and leaves other values alone', () => {
    const secrets = { crm_key: 'K', crm_token: 'T', other: 'O' };
    expect(fillSecrets(request.url, secrets)).toBe('https://crm.example.com/leads?key=K');
    expect(fillSecrets(request.headers, secrets)).toEqual({ Authorization: 'Bearer T', 'X-Trace': 'plain' });
    expect(fillSecrets(request.body, secrets)).toEqual({ nested: ['T', 3, { deep: 'aOb' }], count: 2 });
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
