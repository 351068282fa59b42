import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSafeFetch, OutboundRequestRefusedError, ResponseTooLargeError } from '../src';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

describe('createSafeFetch against a loopback server', () => {
  let server: Server;
  let port: number;
  let handler: Handler;
  const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> =
    [];

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
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    seen.length = 0;
  });

  describe('by default (private networks refused)', () => {
    const safeFetch = createSafeFetch({
      resolve: async (host) =>
        (
          ({
            'metadata.test': ['169.254.169.254'],
            'mixed.test': ['8.8.8.8', '10.0.0.7'],
            'compat.test': ['::a9fe:a9fe'],
          }) as Record<string, string[]>
        )[host] ?? [],
    });

    it.each([
      ['loopback IPv4', () => `http://127.0.0.1:${port}/`, /not allowed: 127\.0\.0\.1$/],
      ['loopback written in hex', () => `http://0x7f000001:${port}/`, /127\.0\.0\.1$/],
      ['loopback IPv6', () => `http://[::1]:${port}/`, /not allowed: ::1$/],
      ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${port}/`, /not allowed: ::ffff:7f00:1$/],
      // IPv4-compatible IPv6: the URL parser prints [::127.0.0.1] as [::7f00:1], once judged public.
      ['IPv4-compatible loopback', () => `http://[::127.0.0.1]:${port}/`, /not allowed: ::7f00:1$/],
      ['IPv4-compatible metadata', () => 'http://[::169.254.169.254]/latest', /never allowed: ::a9fe:a9fe$/],
      ['NAT64 of loopback', () => `http://[64:ff9b::127.0.0.1]:${port}/`, /not allowed: 64:ff9b::7f00:1$/],
      [
        'a name resolving to IPv4-compatible metadata',
        () => 'http://compat.test/',
        /compat\.test \(::a9fe:a9fe\)/,
      ],
      [
        'cloud metadata by name',
        () => 'http://metadata.test/latest',
        /metadata\.test \(169\.254\.169\.254\)/,
      ],
      [
        'a name with one private address among public ones',
        () => 'http://mixed.test/',
        /mixed\.test \(10\.0\.0\.7\)/,
      ],
    ])('refuses %s before connecting', async (_case, url, message) => {
      const attempt = safeFetch(url());
      await expect(attempt).rejects.toBeInstanceOf(OutboundRequestRefusedError);
      await expect(attempt).rejects.toThrow(message);
      expect(seen).toHaveLength(0);
    });

    it('refuses other protocols and credentials in the URL', async () => {
      await expect(safeFetch('file:///etc/passwd')).rejects.toThrow('only http and https URLs are allowed');
      await expect(safeFetch('http://user:pw@example.com/')).rejects.toThrow('credentials in the URL');
    });
  });

  describe('with the loopback address allow-listed (HTTP_PRIVATE_ALLOWLIST)', () => {
    const safeFetch = createSafeFetch({ privateAllowlist: ['127.0.0.1'], maxResponseBytes: 1000 });

    it('sends method, headers and body and returns a fetch Response', async () => {
      handler = (_request, body, response) => {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ echoed: JSON.parse(body) }));
      };
      const response = await safeFetch(`http://127.0.0.1:${port}/leads?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t0ken' },
        body: JSON.stringify({ phone: '+351912000000' }),
      });
      expect(response.status).toBe(201);
      await expect(response.json()).resolves.toEqual({ echoed: { phone: '+351912000000' } });
      expect(seen[0]).toMatchObject({
        method: 'POST',
        url: '/leads?x=1',
        headers: { authorization: 'Bearer t0ken' },
      });
    });

    it('connects to the address it checked, whatever the name says later', async () => {
      let lookups = 0;
      const pinned = createSafeFetch({
        privateAllowlist: ['127.0.0.0/8'],
        resolve: async () => {
          lookups += 1;
          return ['127.0.0.1'];
        },
      });
      handler = (_request, _body, response) => response.end('ok');
      const response = await pinned(`http://api.leadline.test:${port}/ping`);
      await expect(response.text()).resolves.toBe('ok');
      expect(lookups).toBe(1);
      expect(seen[0].headers.host).toBe(`api.leadline.test:${port}`);
    });

    it('refuses a response larger than the cap', async () => {
      handler = (_request, _body, response) => response.end('x'.repeat(5000));
      await expect(safeFetch(`http://127.0.0.1:${port}/big`)).rejects.toBeInstanceOf(ResponseTooLargeError);
      handler = (_request, _body, response) => {
        response.writeHead(200); // no content-length: chunked, counted as it comes
        for (let i = 0; i < 10; i += 1) response.write('y'.repeat(500));
        response.end();
      };
      await expect(safeFetch(`http://127.0.0.1:${port}/chunked`)).rejects.toThrow('larger than 1000 bytes');
    });

    it('follows a redirect, dropping the caller headers when it leaves the origin', async () => {
      handler = (request, _body, response) => {
        if (request.url === '/old') {
          response.writeHead(302, { location: `http://localhost:${port}/new` });
          response.end();
        } else response.end('moved');
      };
      const response = await safeFetch(`http://127.0.0.1:${port}/old`, {
        method: 'POST',
        headers: { authorization: 'Bearer secret' },
        body: 'x',
      });
      await expect(response.text()).resolves.toBe('moved');
      expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /old', 'GET /new']);
      expect(seen[1].headers.authorization).toBeUndefined();
    });

    it('aborts when the signal fires', async () => {
      handler = () => undefined; // never answers
      const attempt = safeFetch(`http://127.0.0.1:${port}/slow`, { signal: AbortSignal.timeout(100) });
      await expect(attempt).rejects.toThrow(/abort|timeout/i);
    });
  });

  describe('an allow-list of private hosts and networks (issue 26 item 3)', () => {
    const resolve = async (host: string) =>
      (
        ({
          'crm.lan': ['127.0.0.1'],
          'other.lan': ['127.0.0.1'],
          'metadata.lan': ['169.254.169.254'],
        }) as Record<string, string[]>
      )[host] ?? [];

    it('reaches an allow-listed host name, and only that one', async () => {
      handler = (_request, _body, response) => response.end('crm');
      const safeFetch = createSafeFetch({
        privateAllowlist: ['crm.lan'],
        allowlistSetting: 'HTTP_PRIVATE_ALLOWLIST',
        resolve,
      });
      const response = await safeFetch(`http://crm.lan:${port}/leads`);
      await expect(response.text()).resolves.toBe('crm');
      await expect(safeFetch(`http://other.lan:${port}/`)).rejects.toThrow(
        /not allowed: other\.lan \(127\.0\.0\.1\) \(to allow a host of your own network, add it to HTTP_PRIVATE_ALLOWLIST\)/,
      );
      await expect(safeFetch(`http://127.0.0.1:${port}/`)).rejects.toThrow('HTTP_PRIVATE_ALLOWLIST');
      expect(seen).toHaveLength(1);
    });

    it('reaches addresses in an allow-listed range, in every spelling of them', async () => {
      handler = (_request, _body, response) => response.end('lan');
      const safeFetch = createSafeFetch({ privateAllowlist: ['127.0.0.0/8'] });
      await expect((await safeFetch(`http://127.0.0.1:${port}/`)).text()).resolves.toBe('lan');
      await expect((await safeFetch(`http://[::ffff:127.0.0.1]:${port}/`)).status).toBe(200);
      await expect(safeFetch(`http://10.0.0.1:${port}/`)).rejects.toBeInstanceOf(OutboundRequestRefusedError);
    });

    it('never reaches cloud metadata, even when the list covers it or names a host resolving to it', async () => {
      const safeFetch = createSafeFetch({
        privateAllowlist: ['0.0.0.0/0', '::/0', 'metadata.lan', '169.254.169.254'],
        allowlistSetting: 'HTTP_PRIVATE_ALLOWLIST',
        resolve,
      });
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://[::ffff:169.254.169.254]/',
        'http://[::169.254.169.254]/',
        'http://[fd00:ec2::254]/',
        'http://100.100.100.200/',
        'http://0.0.0.0/',
        'http://metadata.lan/',
      ]) {
        const attempt = safeFetch(url);
        await expect(attempt).rejects.toThrow(/never allowed/);
        await expect(attempt).rejects.not.toThrow('HTTP_PRIVATE_ALLOWLIST');
      }
      expect(seen).toHaveLength(0);
    });
  });

  it('checks every redirect hop again, and refuses redirects beyond the limit', async () => {
    // Only 127.0.0.1 counts as allowed here; the redirect leads to 127.0.0.2 (also this machine).
    const safeFetch = createSafeFetch({ allowAddress: (address) => address === '127.0.0.1' });
    handler = (request, _body, response) => {
      if (request.url === '/start') response.writeHead(307, { location: `http://127.0.0.2:${port}/inside` });
      response.end('inside');
    };
    await expect(safeFetch(`http://127.0.0.1:${port}/start`)).rejects.toThrow('not allowed: 127.0.0.2');
    expect(seen.map((request) => request.url)).toEqual(['/start']);

    const noRedirects = createSafeFetch({ privateAllowlist: ['127.0.0.1'], maxRedirects: 0 });
    await expect(noRedirects(`http://127.0.0.1:${port}/start`)).rejects.toThrow(
      'too many redirects (more than 0)',
    );
  });
});
