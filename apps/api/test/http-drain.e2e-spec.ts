import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainHttpServer } from '../src/modules/lifecycle/http-drain';

/**
 * A server whose /slow answers after `delayMs`, like a request still in flight at SIGTERM.
 * `arrived` resolves when a /slow request has reached it.
 */
async function slowServer(
  delayMs: number,
): Promise<{ server: Server; port: number; arrived: Promise<void> }> {
  let signalArrival!: () => void;
  const arrived = new Promise<void>((resolve) => (signalArrival = resolve));
  const server = createServer((req, res) => {
    if (req.url !== '/slow') return res.end('fast');
    signalArrival();
    const timer = setTimeout(() => res.end('done'), delayMs);
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, arrived };
}

function get(port: number, path: string, agentKeepAlive = false): Promise<{ status?: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      port,
      path,
      host: '127.0.0.1',
      headers: agentKeepAlive ? { Connection: 'keep-alive' } : {},
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('drainHttpServer', () => {
  it('lets an in-flight request finish, refuses new connections, then resolves', async () => {
    const { server, port, arrived } = await slowServer(400);
    const inFlight = get(port, '/slow');
    await arrived;

    const draining = drainHttpServer(server, 5000);
    await expect(get(port, '/fast')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(inFlight).resolves.toEqual({ status: 200, body: 'done' });
    await expect(draining).resolves.toBe('drained');
  });

  it('cuts requests that outlive the timeout, so shutdown stays bounded', async () => {
    const { server, port, arrived } = await slowServer(10_000);
    const inFlight = get(port, '/slow').catch((err: NodeJS.ErrnoException) => err.code);
    await arrived;

    const started = Date.now();
    await expect(drainHttpServer(server, 300)).resolves.toBe('timed-out');
    expect(Date.now() - started).toBeLessThan(5_000); // the request alone would take 10 s
    await expect(inFlight).resolves.toBe('ECONNRESET');
  });

  it('is not held up by idle keep-alive connections', async () => {
    const { server, port } = await slowServer(0);
    await get(port, '/fast', true);
    const started = Date.now();
    await expect(drainHttpServer(server, 5000)).resolves.toBe('drained');
    expect(Date.now() - started).toBeLessThan(4_000); // below the 5 s it would wait for
  });

  it('does nothing for a server that is not listening', async () => {
    await expect(drainHttpServer(createServer(), 1000)).resolves.toBe('not-listening');
  });
});
