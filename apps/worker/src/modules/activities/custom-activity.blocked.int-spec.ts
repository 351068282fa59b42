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
import { fetchPerActivity } from './activity-fetch';
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

  describe('an activity that opts in to private hosts (privateHosts)', () => {
    const lanLookup = (privateHosts: string[]) =>
      defineActivity({
        name: 'lookup-lan',
        title: 'Look up an order on the LAN',
        description: 'Reads an order from a shop on the private network.',
        input: z.object({ url: z.string() }),
        output: z.object({ status: z.number() }),
        privateHosts,
        run: async (input, ctx) => ({ status: (await ctx.fetch(input.url)).status }),
      });
    const resolve = async (host: string) => (host === 'shop.lan' ? ['127.0.0.1'] : []);

    function lanHandler(privateHosts: string[]) {
      const registry = new ActivityRegistry([
        { definition: lookup, source: 'test' },
        { definition: lanLookup(privateHosts), source: 'test' },
      ]);
      const shared = createSafeFetch({ allowlistSetting: 'HTTP_PRIVATE_ALLOWLIST', resolve });
      return createCustomActivity({
        prisma,
        secrets: box,
        registry,
        fetch: shared,
        fetchFor: fetchPerActivity(registry, shared, { privateAllowlist: [], resolve }),
        logger: pino({ level: 'silent' }),
      });
    }
    const lanJob = (name: string, url: string): ActivityJob => ({
      ...job({ url }),
      request: { kind: 'activity', name, input: { url } },
    });

    it('reaches the hosts it declared, while other activities stay refused', async () => {
      const run = lanHandler(['shop.lan']);
      await expect(run(lanJob('lookup-lan', `http://shop.lan:${port}/orders/2`), 1)).resolves.toEqual({
        ok: true,
        output: { status: 200 },
      });
      expect(hits).toEqual(['/orders/2']);
      await expect(run(lanJob('lookup-order', `http://shop.lan:${port}/orders/3`), 1)).resolves.toMatchObject(
        {
          ok: false,
          error: { code: 'ACTIVITY_BLOCKED' },
        },
      );
      expect(hits).toEqual(['/orders/2']);
    });

    it('keeps cloud metadata refused even when the activity lists it', async () => {
      const run = lanHandler(['169.254.169.254', '169.254.0.0/16']);
      await expect(
        run(lanJob('lookup-lan', 'http://169.254.169.254/latest/meta-data/'), 1),
      ).resolves.toMatchObject({
        ok: false,
        error: {
          code: 'ACTIVITY_BLOCKED',
          message: expect.stringContaining('never allowed: 169.254.169.254'),
        },
      });
    });

    it('refuses a malformed entry when the activity is defined or the worker starts', () => {
      expect(() => lanLookup(['http://crm.lan'])).toThrow(/privateHosts entry "http:\/\/crm\.lan"/);
      const registry = new ActivityRegistry([{ definition: lanLookup(['10.0.0.0/99']), source: 'test' }]);
      expect(() => fetchPerActivity(registry, createSafeFetch(), { privateAllowlist: [] })).toThrow(
        /custom activity "lookup-lan": privateHosts: .*10\.0\.0\.0\/99/,
      );
    });
  });
});
