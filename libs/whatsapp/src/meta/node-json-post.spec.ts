import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_ANSWER_BYTES, postJsonOverNodeHttp } from './node-json-post';

/** A loopback server whose handler each test sets. */
describe('postJsonOverNodeHttp', () => {
  let handler: http.RequestListener = () => undefined;
  const server = http.createServer((request, response) => handler(request, response));
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0/123/messages`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the JSON body with its headers and reads the status, the text and a header', async () => {
    let received: { body: string; auth?: string; length?: string } | undefined;
    handler = (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received = {
          body: Buffer.concat(chunks).toString('utf8'),
          auth: request.headers.authorization,
          length: request.headers['content-length'],
        };
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
        response.end('{"error":{"code":131056}}');
      });
    };
    const body = JSON.stringify({ to: '351910000000', text: { body: 'olá' } });
    const answer = await postJsonOverNodeHttp(url, { Authorization: 'Bearer t' }, body, 5_000);
    expect(received).toEqual({ body, auth: 'Bearer t', length: String(Buffer.byteLength(body)) });
    expect(answer.status).toBe(429);
    expect(JSON.parse(answer.text)).toEqual({ error: { code: 131056 } });
    expect(answer.header('retry-after')).toBe('7');
    expect(answer.header('x-missing')).toBeNull();
  });

  it('drops an answer larger than any Graph answer instead of holding it in memory', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(Buffer.alloc(MAX_ANSWER_BYTES + 1, 'a'));
    };
    await expect(postJsonOverNodeHttp(url, {}, '{}', 5_000)).rejects.toThrow('answer too large');
  });

  it('rejects with a TimeoutError when no answer comes in time', async () => {
    handler = () => undefined; // never answers
    await expect(postJsonOverNodeHttp(url, {}, '{}', 50)).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
