import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityRegistry, defineActivity } from '@leadline/activity-sdk';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { RetryLaterError, type ActivityJob } from '@leadline/engine';
import { createSafeFetch } from '@leadline/safe-http';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import pino from 'pino';
import { z } from 'zod';
import { createCustomActivity } from './custom-activity.handler';

// Issue 26 item 3: a custom activity's request refused by the address policy was retried three
// times and reported as ACTIVITY_FAILED. It is final after one attempt, and says which setting opens
// a private host; an allow-listed host works, and cloud metadata stays refused whatever the list says.
describe('a custom activity calling a refused address', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let server: Server;
  let port: number;
  let tenantId: string;
  const hits: string[] = [];
  const box = createSecretBoxFromBase64Keys({ current: Buffer.alloc(32, 3).toString('base64') });

  /** Fetches `url`; `wrap` rethrows the refusal as a plain Error, as activity code often does. */
  const lookup = defineActivity({
    name: 'lookup-order',
    title: 'Look up an order',
    description: 'Reads an order from the shop.',
    input: z.object({ url: z.string(), wrap: z.boolean().default(false) }),
    output: z.object({ status: z.number() }),
    retry: { attempts: 3, backoff: '1s' },
    async run(input, ctx) {
      try {
        const response = await ctx.fetch(input.url);
        return { status: response.status };
      } catch (error) {
        if (input.wrap) throw new Error(`shop unreachable: ${(error as Error).message}`);
        throw error;
      }
    },
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    tenantId = (await prisma.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Shop' } }))
      .id;
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
    await new Promise((resolve) => server?.close(resolve));
  });

  beforeEach(() => {
    hits.length = 0;
  });

  function handler(privateAllowlist: string[]) {
    return createCustomActivity({
      prisma,
      secrets: box,
      registry: new ActivityRegistry([{ definition: lookup, source: 'test' }]),
      fetch: createSafeFetch({
        privateAllowlist,
        allowlistSetting: 'HTTP_PRIVATE_ALLOWLIST',
        resolve: async (host) => (host === 'shop.lan' ? ['127.0.0.1'] : []),
      }),
      logger: pino({ level: 'silent' }),
    });
  }

  const job = (input: Record<string, unknown>): ActivityJob => ({
    tenantId,
    contactId: randomUUID(),
    runId: randomUUID(),
    requestId: 'r1',
    nodeId: 'lookup',
    request: { kind: 'activity', name: 'lookup-order', input },
  });

  it.each([
    ['rethrown as it came', false],
    ['wrapped in a plain Error', true],
  ])('a private address is final after one attempt (%s) and names the setting', async (_how, wrap) => {
    const outcome = await handler([])(job({ url: `http://shop.lan:${port}/orders/1`, wrap }), 1);
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'ACTIVITY_BLOCKED',
        message: expect.stringMatching(
          /^"lookup-order" made a request that is not allowed: .*shop\.lan \(127\.0\.0\.1\).*add it to HTTP_PRIVATE_ALLOWLIST/,
        ),
        attempts: 1,
      },
    });
    expect(hits).toEqual([]);
  });

  it('reaches a host on the allow-list', async () => {
    await expect(handler(['shop.lan'])(job({ url: `http://shop.lan:${port}/orders/1` }), 1)).resolves.toEqual(
      { ok: true, output: { status: 200 } },
    );
    expect(hits).toEqual(['/orders/1']);
  });

  it('keeps cloud metadata refused, and final, whatever the allow-list holds', async () => {
    const outcome = await handler(['0.0.0.0/0', '169.254.169.254'])(
      job({ url: 'http://169.254.169.254/latest/meta-data/iam/' }),
      1,
    );
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'ACTIVITY_BLOCKED', message: expect.stringContaining('never allowed: 169.254.169.254') },
    });
  });

  it('still retries other failures (a refused connection) as the activity declared', async () => {
    await expect(
      handler(['127.0.0.1'])(job({ url: 'http://127.0.0.1:1/never-listening', wrap: true }), 1),
    ).rejects.toBeInstanceOf(RetryLaterError);
  });
});
