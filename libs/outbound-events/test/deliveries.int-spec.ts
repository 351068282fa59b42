import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, testRedisConnection, type TestDatabase } from '@leadline/testing';
import {
  attemptDelivery,
  createSubscription,
  OutboundEventsDispatcher,
  recordOutboundEvent,
  verifySignature,
  WEBHOOK_QUEUE,
  type DeliveryOptions,
} from '../src';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback receiver answering with the given status codes in turn (the last one repeats). */
async function receiver(
  statuses: number[],
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/leadline`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let db: TestDatabase;
let prisma: PrismaClient;
const box = createSecretBoxFromBase64Keys({ current: randomBytes(32).toString('base64') });

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient({ url: db.url, maxConnections: 6 });
});

afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

async function tenantWithContact() {
  const tenant = await prisma.tenant.create({
    data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Acme' },
  });
  const contact = await prisma.contact.create({
    data: { tenantId: tenant.id, phone: '+447700900123', name: 'Ada' },
  });
  return { tenantId: tenant.id, contactId: contact.id };
}

async function subscribe(tenantId: string, url: string, events: Array<'run.completed' | 'lead.captured'>) {
  return withTenant(prisma, tenantId, (tx) => createSubscription(tx, box, { tenantId, url, events }));
}

async function record(
  tenantId: string,
  contactId: string,
  type: 'run.completed' | 'lead.captured' = 'run.completed',
) {
  return withTenant(prisma, tenantId, (tx) =>
    recordOutboundEvent(tx, {
      tenantId,
      type,
      contactId,
      data: { run: { id: 'r1', status: 'completed' } },
      occurredAt: new Date(),
    }),
  );
}

function options(overrides: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return {
    prisma,
    box,
    now: () => new Date(),
    timeoutMs: 2_000,
    allowPrivateNetworks: true,
    backoffBaseMs: 0,
    ...overrides,
  };
}

describe('recording events', () => {
  it('creates one pending delivery per subscription to the type, and nothing without subscribers', async () => {
    const { tenantId, contactId } = await tenantWithContact();
    expect(await record(tenantId, contactId)).toBeNull();
    await subscribe(tenantId, 'https://a.example/hook', ['run.completed']);
    await subscribe(tenantId, 'https://b.example/hook', ['run.completed', 'lead.captured']);
    await subscribe(tenantId, 'https://c.example/hook', ['lead.captured']);
    const eventId = await record(tenantId, contactId);
    const deliveries = await prisma.webhookDelivery.findMany({ where: { eventId: eventId! } });
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((delivery) => delivery.status === 'pending')).toBe(true);
    const event = await prisma.outboundEvent.findUniqueOrThrow({ where: { id: eventId! } });
    expect(event.payload).toEqual({
      run: { id: 'r1', status: 'completed' },
      contact: { id: contactId, phone: '+447700900123', name: 'Ada' },
    });
  });

  it('stores the secret sealed, never in plain text', async () => {
    const { tenantId } = await tenantWithContact();
    const { secret, subscription } = await subscribe(tenantId, 'https://a.example/hook', ['run.completed']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(Buffer.from(row.sealedSecret).toString('latin1')).not.toContain(secret);
    expect(box.open(row.sealedSecret)).toEqual({ secret });
  });
});

/** Leaves none of a test dispatcher's queue keys behind. */
async function dropQueueKeys(queuePrefix: string): Promise<void> {
  const redis = new Redis(testRedisConnection());
  const keys = await redis.keys(`${queuePrefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

describe('delivering', () => {
  it('POSTs the signed event, retries after 500s, and logs every attempt', async () => {
    const hook = await receiver([500, 500, 204]);
    try {
      const { tenantId, contactId } = await tenantWithContact();
      const { secret } = await subscribe(tenantId, hook.url, ['run.completed']);
      const eventId = await record(tenantId, contactId);
      const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { eventId: eventId! } });
      const job = { tenantId, deliveryId: delivery.id };

      expect(await attemptDelivery(options({ backoffBaseMs: 60_000 }), job)).toBe('retry');
      const afterFirst = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      expect(afterFirst).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastStatusCode: 500,
        lastError: 'HTTP 500',
      });
      expect(afterFirst.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 55_000);
      expect(await attemptDelivery(options(), job)).toBe('retry');
      expect(await attemptDelivery(options(), job)).toBe('delivered');
      expect(await attemptDelivery(options(), job)).toBe('skipped');

      expect(hook.received).toHaveLength(3);
      for (const [index, request] of hook.received.entries()) {
        const check = verifySignature(
          secret,
          request.headers['x-leadline-signature'] as string,
          request.body,
          Date.now() / 1000,
        );
        expect(check.ok).toBe(true);
        expect(request.headers['x-leadline-event']).toBe('run.completed');
        expect(request.headers['x-leadline-attempt']).toBe(String(index + 1));
        expect(JSON.parse(request.body)).toMatchObject({
          id: eventId,
          type: 'run.completed',
          data: { contact: { phone: '+447700900123' } },
        });
      }
      expect(
        verifySignature(
          'whsec_wrong',
          hook.received[0]!.headers['x-leadline-signature'] as string,
          hook.received[0]!.body,
          Date.now() / 1000,
        ).ok,
      ).toBe(false);

      const attempts = await prisma.webhookDeliveryAttempt.findMany({
        where: { deliveryId: delivery.id },
        orderBy: { attempt: 'asc' },
      });
      expect(attempts.map(({ attempt, statusCode, error }) => ({ attempt, statusCode, error }))).toEqual([
        { attempt: 1, statusCode: 500, error: 'HTTP 500' },
        { attempt: 2, statusCode: 500, error: 'HTTP 500' },
        { attempt: 3, statusCode: 204, error: null },
      ]);
      expect(attempts.every((row) => row.durationMs >= 0)).toBe(true);
      expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
        status: 'delivered',
        attempts: 3,
        lastStatusCode: 204,
        lastError: null,
      });
    } finally {
      await hook.close();
    }
  });

  it('marks a delivery failed after the last attempt', async () => {
    const hook = await receiver([503]);
    try {
      const { tenantId, contactId } = await tenantWithContact();
      await subscribe(tenantId, hook.url, ['run.completed']);
      const eventId = await record(tenantId, contactId);
      const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { eventId: eventId! } });
      const outcomes = [];
      for (let i = 0; i < 3; i += 1) {
        outcomes.push(
          await attemptDelivery(options({ maxAttempts: 3 }), { tenantId, deliveryId: delivery.id }),
        );
      }
      expect(outcomes).toEqual(['retry', 'retry', 'failed']);
      expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
        status: 'failed',
        attempts: 3,
      });
    } finally {
      await hook.close();
    }
  });

  it('refuses to connect to a private address by default, and logs why', async () => {
    const hook = await receiver([200]);
    try {
      const { tenantId, contactId } = await tenantWithContact();
      await subscribe(tenantId, hook.url.replace('127.0.0.1', 'localhost'), ['run.completed']);
      const eventId = await record(tenantId, contactId);
      const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { eventId: eventId! } });
      expect(
        await attemptDelivery(options({ allowPrivateNetworks: false }), {
          tenantId,
          deliveryId: delivery.id,
        }),
      ).toBe('retry');
      expect(hook.received).toHaveLength(0);
      const [attempt] = await prisma.webhookDeliveryAttempt.findMany({ where: { deliveryId: delivery.id } });
      expect(attempt).toMatchObject({ statusCode: null, error: expect.stringContaining('private address') });
    } finally {
      await hook.close();
    }
  });

  it('drops the attempt quietly when the contact is erased while the POST is in flight', async () => {
    const { tenantId, contactId } = await tenantWithContact();
    let eventId: string | null = null;
    const server = createServer((req, res) => {
      req.resume();
      // The erasure commits before the receiver answers.
      void prisma.contact.delete({ where: { id: contactId } }).then(() => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await subscribe(tenantId, `http://127.0.0.1:${port}/hook`, ['run.completed']);
      eventId = await record(tenantId, contactId);
      const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { eventId: eventId! } });
      expect(await attemptDelivery(options(), { tenantId, deliveryId: delivery.id })).toBe('skipped');
      expect(await prisma.webhookDelivery.count({ where: { id: delivery.id } })).toBe(0);
      expect(await prisma.webhookDeliveryAttempt.count({ where: { deliveryId: delivery.id } })).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('through the queue: a malformed job is set aside at once, named in one line without its payload', async () => {
    const queuePrefix = `test-${randomUUID()}`;
    const reported: Array<[string, string]> = [];
    const dispatcher = new OutboundEventsDispatcher({
      prisma,
      box,
      redis: testRedisConnection(),
      queuePrefix,
      pollMs: 50,
      onError: (error, context) => reported.push([context, String(error)]),
    });
    const queue = new Queue(WEBHOOK_QUEUE, { connection: testRedisConnection(), prefix: queuePrefix });
    try {
      dispatcher.start();
      await queue.add(
        'deliver',
        { tenantId: randomUUID(), deliveryId: 'x; DROP TABLE', url: 'https://evil.test' },
        { jobId: 'forged-1', attempts: 10, backoff: { type: 'fixed', delay: 10 } },
      );
      const deadline = Date.now() + 10_000;
      while (!reported.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const job = (await queue.getJob('forged-1'))!;
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
      expect(reported).toEqual([
        [
          'malformed job',
          expect.stringMatching(
            /job forged-1 on queue ".*" set aside, not retried: malformed payload \(deliveryId: invalid_format\)/,
          ),
        ],
      ]);
      expect(reported[0]![1]).not.toContain('evil.test');
    } finally {
      await dispatcher.stop();
      await queue.close();
      await dropQueueKeys(queuePrefix);
    }
  });

  it('through the queue: the dispatcher delivers due events and retries until the receiver accepts', async () => {
    const hook = await receiver([500, 200]);
    const queuePrefix = `test-${randomUUID()}`;
    const dispatcher = new OutboundEventsDispatcher({
      prisma,
      box,
      redis: testRedisConnection(),
      queuePrefix,
      pollMs: 50,
      allowPrivateNetworks: true,
      backoffBaseMs: 100,
    });
    try {
      const { tenantId, contactId } = await tenantWithContact();
      const { secret } = await subscribe(tenantId, hook.url, ['lead.captured']);
      await record(tenantId, contactId, 'lead.captured');
      dispatcher.start();
      const deadline = Date.now() + 15_000;
      while (hook.received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(hook.received).toHaveLength(2);
      expect(
        verifySignature(
          secret,
          hook.received[1]!.headers['x-leadline-signature'] as string,
          hook.received[1]!.body,
          Date.now() / 1000,
        ).ok,
      ).toBe(true);
      let delivery;
      while (Date.now() < deadline) {
        delivery = await prisma.webhookDelivery.findFirst({ where: { tenantId, status: 'delivered' } });
        if (delivery) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(delivery).toMatchObject({ attempts: 2, lastStatusCode: 200 });
    } finally {
      await dispatcher.stop();
      await hook.close();
      await dropQueueKeys(queuePrefix);
    }
  });
});
