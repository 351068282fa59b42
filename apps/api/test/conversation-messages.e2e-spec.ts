import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { seedRun, seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';
import { seedUser, signIn } from './support/user-seed';

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const HANDOFF_FLOW = {
  format: 'leadline.flow/v1',
  id: 'ask-human',
  name: 'ask-human',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['human'], match: 'exact' } },
    { id: 'person', type: 'handoff', data: { note: 'Wants a person' } },
  ],
  edges: [{ id: 'e0', source: 'start', sourceHandle: 'next', target: 'person' }],
};

describe('POST /api/conversations/:id/messages: a person replies to the contact', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: SeededTenant;
  let other: SeededTenant;
  let agentToken: string;
  let viewerToken: string;
  let agentId: string;

  /** A contact with a conversation; `lastInboundAt` decides their 24-hour window. */
  async function seedConversation(
    tenant: SeededTenant,
    phone: string,
    lastInboundAt: Date | null,
    optInState: 'unknown' | 'opted_out' = 'unknown',
  ): Promise<{ contactId: string; conversationId: string }> {
    return withTenant(prisma, tenant.id, async (tx) => {
      const contact = await tx.contact.create({
        data: { tenantId: tenant.id, phone, lastInboundAt, optInState },
      });
      const conversation = await tx.conversation.create({
        data: { tenantId: tenant.id, contactId: contact.id, channelId: tenant.channelId!, status: 'handoff' },
      });
      return { contactId: contact.id, conversationId: conversation.id };
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, { flows: [HANDOFF_FLOW] });
    other = await seedTenant(prisma);
    const agent = await seedUser(prisma, acme.id, 'agent');
    const viewer = await seedUser(prisma, acme.id, 'viewer');
    agentId = agent.id;
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
    agentToken = (await signIn(app, acme.slug, agent.email)).accessToken;
    viewerToken = (await signIn(app, acme.slug, viewer.email)).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const send = (conversationId: string, token: string, body: object) =>
    request(app.getHttpServer())
      .post(`/api/conversations/${conversationId}/messages`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  it('queues the message for the send job while the window is open, leaving the handed-off run waiting', async () => {
    const lastInboundAt = new Date(Date.now() - 3_600_000);
    // Opted out of marketing: a service reply inside the window still goes (docs/engines.md).
    const { contactId, conversationId } = await seedConversation(
      acme,
      '+351918000001',
      lastInboundAt,
      'opted_out',
    );
    const runId = await seedRun(prisma, acme, {
      flowKey: 'ask-human',
      contactId,
      conversationId,
      status: 'handoff',
      currentNode: 'person',
    });
    const text = 'Hi, Ana here from sales: how can I help?';

    const res = await send(conversationId, agentToken, { text: `  ${text}  ` }).expect(202);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: 'queued',
      windowClosesAt: new Date(lastInboundAt.getTime() + 24 * 3_600_000 - 60_000).toISOString(),
    });

    const { message, outbox, run, audit } = await withTenant(prisma, acme.id, async (tx) => ({
      message: await tx.message.findUniqueOrThrow({ where: { id: res.body.id } }),
      outbox: await tx.outboxEntry.findMany({ where: { kind: 'send' } }),
      run: await tx.flowRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true } }),
      audit: await tx.auditLog.findMany({ where: { action: 'conversation.message_sent' } }),
    }));
    expect(message).toMatchObject({
      conversationId,
      contactId,
      channelId: acme.channelId,
      direction: 'out',
      type: 'text',
      status: 'queued',
      runId: null,
      body: { type: 'text', text, author: { userId: agentId } },
    });
    expect(outbox.map((row) => row.payload)).toContainEqual({
      channelId: acme.channelId,
      messageIds: [message.id],
    });
    expect(run.status).toBe('handoff');
    // Handed to the queues right after commit, not at the worker's next sweep.
    const sendEntry = outbox.find((row) => JSON.stringify(row.payload).includes(message.id))!;
    await waitUntil(async () => {
      const row = await withTenant(prisma, acme.id, (tx) =>
        tx.outboxEntry.findUniqueOrThrow({ where: { id: sendEntry.id } }),
      );
      return row.publishedAt !== null;
    });
    expect(audit).toEqual([
      expect.objectContaining({
        actorUserId: agentId,
        targetId: conversationId,
        data: { messageId: message.id, length: text.length },
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('Ana here');
  });

  it('answers 409 WINDOW_CLOSED more than 24 h after the contact last wrote, and queues nothing', async () => {
    const { conversationId } = await seedConversation(
      acme,
      '+351918000002',
      new Date(Date.now() - 25 * 3_600_000),
    );
    const res = await send(conversationId, agentToken, { text: 'Still there?' }).expect(409);
    expect(res.body.error).toMatchObject({
      code: 'WINDOW_CLOSED',
      message: expect.stringContaining('send an approved template instead'),
    });
    const never = await seedConversation(acme, '+351918000003', null);
    await send(never.conversationId, agentToken, { text: 'Hello' }).expect(409);
    const queued = await withTenant(prisma, acme.id, (tx) =>
      tx.message.count({ where: { conversationId: { in: [conversationId, never.conversationId] } } }),
    );
    expect(queued).toBe(0);
  });

  it("answers 404 for another workspace's conversation, as for one that does not exist", async () => {
    const { conversationId } = await seedConversation(other, '+351918000004', new Date());
    const res = await send(conversationId, agentToken, { text: 'Hello' }).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    await send('not-an-id', agentToken, { text: 'Hello' }).expect(404);
    expect(await withTenant(prisma, other.id, (tx) => tx.message.count())).toBe(0);
  });

  it('answers 403 to a viewer', async () => {
    const { conversationId } = await seedConversation(acme, '+351918000005', new Date());
    await send(conversationId, viewerToken, { text: 'Hello' }).expect(403);
  });

  it('answers 400 naming the field for an empty or too long text', async () => {
    const { conversationId } = await seedConversation(acme, '+351918000006', new Date());
    const empty = await send(conversationId, agentToken, { text: '   ' }).expect(400);
    expect(empty.body.error.details).toEqual(['text: must not be empty']);
    const long = await send(conversationId, agentToken, { text: 'x'.repeat(4097) }).expect(400);
    expect(long.body.error.details).toEqual(['text: must be at most 4096 characters']);
  });

  it('is documented in the OpenAPI document with its body', async () => {
    const doc = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    const post = doc.body.paths['/api/conversations/{id}/messages'].post;
    expect(post.requestBody.content['application/json'].schema.required).toEqual(['text']);
  });
});
