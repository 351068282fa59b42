import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Callers } from '@leadline/engine';
import type { HttpDurationHistogram } from '@leadline/ops';
import pino from 'pino';
import { createLeanWebhookRoutes, serveFirst } from './lean-webhook-route';

/**
 * The lean webhook route counts the webhooks it is receiving, from arrival to answer (issue 21,
 * eleventh round): the ingest group commit skips its wait once all of them submitted.
 */
describe('lean webhook route: webhooks in flight', () => {
  let server: Server;
  const inFlight = new Callers();
  const seen: Array<{ route: string; inFlight: number }> = [];
  let failNext = false;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('express'));
    serveFirst(
      server,
      createLeanWebhookRoutes({
        meta: {
          acknowledge: async () => {
            seen.push({ route: 'meta', inFlight: inFlight.count });
            if (failNext) throw new Error('the batch failed');
            return 'EVENT_RECEIVED';
          },
        },
        twilio: {
          acknowledge: async () => {
            seen.push({ route: 'twilio', inFlight: inFlight.count });
            return '<Response/>';
          },
        },
        logger: pino({ level: 'silent' }),
        httpSeconds: { startTimer: () => () => 0 } as unknown as HttpDurationHistogram,
        isDraining: () => false,
        inFlight,
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function post(path: string, body: string): Promise<number> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = request(
        { port, host: '127.0.0.1', path, method: 'POST', headers: { 'Content-Type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('counts a webhook from its arrival until it is answered, whatever the answer', async () => {
    expect(await post('/webhooks/meta', '{}')).toBe(200);
    expect(await post('/webhooks/twilio', '')).toBe(200);
    failNext = true;
    expect(await post('/webhooks/meta', '{}')).toBe(500);
    expect(seen).toEqual([
      { route: 'meta', inFlight: 1 },
      { route: 'twilio', inFlight: 1 },
      { route: 'meta', inFlight: 1 },
    ]);
    expect(inFlight.count).toBe(0);
  });
});
