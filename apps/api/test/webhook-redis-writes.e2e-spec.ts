import { Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { inboxChannel } from '@leadline/engine';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { testConfig } from './support/test-config';
import {
  metaEnvelope,
  metaSignatureHeader,
  metaTextChange,
  seedWebhookWorkspace,
  type WebhookWorkspace,
} from './support/webhook-seed';

const SECRET = 'the-deployments-own-meta-app-secret';

/** Waits (up to 5 s) until `done` holds: the wake and the notice leave after the answer. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Issue 21, tenth round: what the API sends Redis after an ingest batch commits, the batch's wake
 * job (BullMQ's addStandardJob script, EVALSHA) and its inbox notice (PUBLISH), leaves in ONE socket
 * write on one auto-pipelined connection (sharedCommandRedis), where it took two writes on two
 * connections. Counted, not timed: the writes the API process makes to Redis's port while one
 * webhook is acknowledged and its wake and notice are sent.
 */
describe('webhooks: one Redis write per ingest batch', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let a: WebhookWorkspace;
  let subscriber: Redis;
  const redisPort = Number(new URL(testRedisUrl()).port || 6379);
  const heard: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    const config = testConfig({ DATABASE_URL: db.url, META_APP_SECRET: SECRET });
    a = await seedWebhookWorkspace(prisma, config.security.encryptionKey, 1);
    app = await createApiApp(config);
    subscriber = new Redis(testRedisUrl());
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));
    await subscriber.subscribe(inboxChannel(a.tenantId));
  });

  afterAll(async () => {
    subscriber?.disconnect();
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const post = (from: string, wamid: string) => {
    const body = metaEnvelope([
      { id: a.meta.wabaId, changes: [metaTextChange(a.meta.phoneNumberId, from, wamid, 'hello')] },
    ]);
    return request(app.getHttpServer())
      .post('/webhooks/meta')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', metaSignatureHeader(body, SECRET))
      .send(body);
  };

  it("sends a batch's wake job and its inbox notice in one write", async () => {
    // Warm-up: the connection is open and BullMQ's scripts are known to it.
    expect((await post('351917000001', 'wamid.rw.warm')).status).toBe(200);
    await until(() => heard.length >= 1);

    const write = jest.spyOn(Socket.prototype, 'write');
    try {
      const toRedis = () =>
        write.mock.calls
          .filter((_call, index) => {
            const socket = write.mock.contexts[index] as Socket;
            return socket.remotePort === redisPort && socket !== subscriberSocket(subscriber);
          })
          .map(([data]) => String(data).toLowerCase());
      expect((await post('351917000002', 'wamid.rw.one')).status).toBe(200);
      await until(() => heard.length >= 2 && toRedis().some((data) => data.includes('evalsha')));
      const writes = toRedis();
      expect(heard).toHaveLength(2);
      // One write carries both: the wake (EVALSHA of addStandardJob) and the notice (PUBLISH).
      expect(writes).toHaveLength(1);
      expect(writes[0]).toContain('evalsha');
      expect(writes[0]).toContain('publish');
    } finally {
      write.mockRestore();
    }
  });
});

/** The test's own subscriber socket (never counted: it writes nothing after SUBSCRIBE anyway). */
function subscriberSocket(redis: Redis): unknown {
  return (redis as unknown as { stream?: Socket }).stream;
}
