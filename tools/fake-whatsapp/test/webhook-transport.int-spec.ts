import { Agent } from 'node:http';
import { sendToLoopback } from '../webhook-transport';
import { WebhookReceiver } from './webhook-receiver';

describe('sendToLoopback', () => {
  let receiver: WebhookReceiver;
  const agent = new Agent({ keepAlive: false });

  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });

  afterEach(async () => {
    await receiver.stop();
  });

  afterAll(() => agent.destroy());

  it("posts to the URL's path and query, with its host and port, every time it is asked", async () => {
    const url = receiver.url('/webhooks/meta?tenant=a%20b');
    receiver.respond = () => ({ status: 200, body: 'ok' });
    for (const n of [1, 2]) {
      const body = Buffer.from(`{"n":${n}}`);
      const response = await sendToLoopback({ url, body, headers: { 'X-N': String(n) } }, agent, 5_000);
      expect(response).toEqual({ status: 200, body: 'ok' });
    }
    const [host, port] = [new URL(url).hostname, new URL(url).port];
    expect(receiver.posts().map((r) => [r.path, r.headers.host, r.headers['x-n'], r.raw.toString()])).toEqual(
      [
        ['/webhooks/meta?tenant=a%20b', `${host}:${port}`, '1', '{"n":1}'],
        ['/webhooks/meta?tenant=a%20b', `${host}:${port}`, '2', '{"n":2}'],
      ],
    );
  });

  it('refuses a URL off the loopback interface, again at the second attempt', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(() => sendToLoopback({ url: 'http://example.com/hook' }, agent, 1_000)).toThrow(/loopback/);
    }
  });
});
