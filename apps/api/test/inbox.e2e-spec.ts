import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { requestsBound } from '../src/modules/logging/request-logging.middleware';
import { seedRun, seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';
import { seedUser, signIn, type SeededUser } from './support/user-seed';

// The inbox's own Redis logical database (its test clock key must not meet other suites').
const HOUR = 3_600_000;

const HANDOFF_FLOW = {
  format: 'leadline.flow/v1',
  id: 'ask-human',
  name: 'Ask for a person',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['human'], match: 'exact' } },
    { id: 'person', type: 'handoff', data: { note: 'Wants a person' } },
    { id: 'bye', type: 'message', data: { text: 'Thanks, talk soon!' } },
  ],
  edges: [
    { id: 'e0', source: 'start', sourceHandle: 'next', target: 'person' },
    { id: 'e1', source: 'person', sourceHandle: 'next', target: 'bye' },
  ],
};

/** Reads server-sent events from a stream until stopped. */
function openStream(url: string): {
  events: Array<{ event: string; data: unknown }>;
  status: Promise<number>;
  close: () => void;
} {
  const events: Array<{ event: string; data: unknown }> = [];
  let buffer = '';
  let req: http.ClientRequest;
  const status = new Promise<number>((resolve, reject) => {
    req = http.get(url, (res) => {
      resolve(res.statusCode ?? 0);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      });
    });
    req.on('error', reject);
  });
  return { events, status, close: () => req.destroy() };
}

async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the inbox API', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let baseUrl: string;
  let acme: SeededTenant;
  let other: SeededTenant;
  let agent: SeededUser;
  let colleague: SeededUser;
  let viewer: SeededUser;
  let agentToken: string;
  let colleagueToken: string;
  let viewerToken: string;
  let otherToken: string;

  async function seedConversation(
    tenant: SeededTenant,
    options: {
      phone: string;
      name?: string;
      status?: 'open' | 'handoff' | 'closed';
      assignedUserId?: string;
      lastInboundAt?: Date | null;
      lastMessageAt: Date;
      inbound?: number;
    },
  ): Promise<{ contactId: string; conversationId: string }> {
    return withTenant(prisma, tenant.id, async (tx) => {
      const contact = await tx.contact.create({
        data: {
          tenantId: tenant.id,
          phone: options.phone,
          name: options.name ?? null,
          lastInboundAt: options.lastInboundAt === undefined ? options.lastMessageAt : options.lastInboundAt,
        },
      });
      const conversation = await tx.conversation.create({
        data: {
          tenantId: tenant.id,
          contactId: contact.id,
          channelId: tenant.channelId!,
          status: options.status ?? 'open',
          assignedUserId: options.assignedUserId ?? null,
          lastMessageAt: options.lastMessageAt,
        },
      });
      for (let index = 0; index < (options.inbound ?? 0); index++) {
        await tx.message.create({
          data: {
            tenantId: tenant.id,
            conversationId: conversation.id,
            contactId: contact.id,
            channelId: tenant.channelId!,
            direction: 'in',
            type: 'text',
            body: { type: 'text', text: `hello ${index}`, at: options.lastMessageAt.toISOString() },
            status: 'received',
            providerMessageId: `wamid.${conversation.id}.${index}`,
            createdAt: new Date(options.lastMessageAt.getTime() - (options.inbound! - index) * 1000),
          },
        });
      }
      return { contactId: contact.id, conversationId: conversation.id };
    });
  }

  const api = (token: string) => ({
    get: (path: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body?: object) =>
      request(app.getHttpServer())
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .send(body ?? {}),
    put: (path: string, body: object) =>
      request(app.getHttpServer()).put(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, { flows: [HANDOFF_FLOW] });
    other = await seedTenant(prisma);
    agent = await seedUser(prisma, acme.id, 'agent', `ana-${Date.now()}@example.com`);
    await prisma.user.update({ where: { id: agent.id }, data: { name: 'Ana Agent' } });
    colleague = await seedUser(prisma, acme.id, 'agent');
    viewer = await seedUser(prisma, acme.id, 'viewer');
    const outsider = await seedUser(prisma, other.id, 'agent');
    await withTenant(prisma, acme.id, (tx) =>
      tx.template.createMany({
        data: [
          {
            tenantId: acme.id,
            channelId: acme.channelId!,
            name: 'follow_up',
            language: 'en',
            category: 'utility',
            status: 'approved',
            components: [{ type: 'BODY', text: 'Hi {{1}}, your quote {{2}} is ready.' }],
          },
          {
            tenantId: acme.id,
            channelId: acme.channelId!,
            name: 'draft_offer',
            language: 'en',
            category: 'marketing',
            status: 'pending',
            components: [{ type: 'BODY', text: 'Offer!' }],
          },
        ],
      }),
    );
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    agentToken = (await signIn(app, acme.slug, agent.email)).accessToken;
    colleagueToken = (await signIn(app, acme.slug, colleague.email)).accessToken;
    viewerToken = (await signIn(app, acme.slug, viewer.email)).accessToken;
    otherToken = (await signIn(app, other.slug, outsider.email)).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  describe('the conversation list', () => {
    const base = Date.now() - HOUR;
    let ids: Record<string, string>;

    beforeAll(async () => {
      const waiting = await seedConversation(acme, {
        phone: '+447700900001',
        name: 'Wendy Waiting',
        status: 'handoff',
        lastMessageAt: new Date(base + 5_000),
        inbound: 3,
      });
      const bot = await seedConversation(acme, {
        phone: '+447700900002',
        name: 'Bob Bot',
        lastMessageAt: new Date(base + 4_000),
        inbound: 1,
      });
      await seedRun(prisma, acme, {
        flowKey: 'ask-human',
        contactId: bot.contactId,
        conversationId: bot.conversationId,
        status: 'waiting',
      });
      const closed = await seedConversation(acme, {
        phone: '+447700900003',
        name: 'Carla Closed',
        status: 'closed',
        lastMessageAt: new Date(base + 3_000),
      });
      const mine = await seedConversation(acme, {
        phone: '+447700900004',
        name: '50% Off Olga',
        assignedUserId: agent.id,
        lastMessageAt: new Date(base + 2_000),
      });
      const theirs = await seedConversation(acme, {
        phone: '+447700900005',
        name: '500 Offers Otto',
        assignedUserId: colleague.id,
        lastMessageAt: new Date(base + 1_000),
      });
      await seedConversation(other, {
        phone: '+447700900001',
        name: 'Wendy Elsewhere',
        lastMessageAt: new Date(),
      });
      ids = {
        waiting: waiting.conversationId,
        bot: bot.conversationId,
        closed: closed.conversationId,
        mine: mine.conversationId,
        theirs: theirs.conversationId,
      };
    });

    const listed = async (query: string, token = agentToken) => {
      const res = await api(token).get(`/api/inbox/conversations${query}`).expect(200);
      return (res.body.data as Array<{ id: string }>)
        .map((row) => row.id)
        .filter((id) => Object.values(ids).includes(id));
    };

    it('lists the open conversations newest activity first, with unread counts, the bot state and the assignee', async () => {
      expect(await listed('')).toEqual([ids.waiting, ids.bot, ids.mine, ids.theirs]);
      const res = await api(agentToken).get('/api/inbox/conversations').expect(200);
      const waiting = res.body.data.find((row: { id: string }) => row.id === ids.waiting);
      expect(waiting).toMatchObject({
        status: 'handoff',
        contact: { name: 'Wendy Waiting', phone: '+447700900001' },
        assignee: null,
        botActive: false,
        unread: 3,
        lastMessage: { direction: 'in', from: 'contact', kind: 'text', text: 'hello 2' },
      });
      expect(res.body.data.find((row: { id: string }) => row.id === ids.bot)).toMatchObject({
        botActive: true,
      });
      expect(res.body.data.find((row: { id: string }) => row.id === ids.mine)).toMatchObject({
        assignee: { id: agent.id, name: 'Ana Agent' },
      });
      // Another workspace's conversations never show.
      expect(JSON.stringify(res.body)).not.toContain('Wendy Elsewhere');
    });

    it.each([
      ['mine', ['mine']],
      ['unassigned', ['waiting', 'bot']],
      ['handoff', ['waiting']],
      ['bot', ['bot']],
      ['closed', ['closed']],
    ])('filters: %s', async (filter, expected) => {
      expect(await listed(`?filter=${filter}`)).toEqual(expected.map((key) => ids[key]));
    });

    it('searches by name or phone, taking % and _ literally', async () => {
      expect(await listed('?q=wendy')).toEqual([ids.waiting]);
      expect(await listed('?q=900002')).toEqual([ids.bot]);
      expect(await listed('?q=50%25')).toEqual([ids.mine]);
      expect(await listed('?q=_')).toEqual([]);
    });

    it('pages with a cursor, without repeating or skipping', async () => {
      const first = await api(agentToken).get('/api/inbox/conversations?limit=2').expect(200);
      expect(first.body.data.map((row: { id: string }) => row.id)).toEqual([ids.waiting, ids.bot]);
      const second = await api(agentToken)
        .get(`/api/inbox/conversations?limit=2&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.data.map((row: { id: string }) => row.id)).toEqual([ids.mine, ids.theirs]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('counts unread per person: reading clears it for the reader only', async () => {
      await api(agentToken).post(`/api/inbox/conversations/${ids.waiting}/read`).expect(200);
      const unread = async (token: string) =>
        (await api(token).get('/api/inbox/conversations').expect(200)).body.data.find(
          (row: { id: string }) => row.id === ids.waiting,
        ).unread;
      expect(await unread(agentToken)).toBe(0);
      expect(await unread(colleagueToken)).toBe(3);
    });

    it.each([
      ['?filter=everything', 'filter: must be one of all, mine, unassigned, handoff, bot, closed'],
      ['?cursor=nope', 'cursor: is not a cursor this API returned (use nextCursor as is)'],
      ['?limit=0', 'limit: must be a whole number from 1 to 100'],
      ['?colour=red', 'colour: is not a known field'],
    ])('refuses %s with 400', async (query, message) => {
      const res = await api(agentToken).get(`/api/inbox/conversations${query}`).expect(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [message] });
    });

    it('needs a signed-in member or key (401)', async () => {
      await request(app.getHttpServer()).get('/api/inbox/conversations').expect(401);
    });
  });

  describe('a conversation', () => {
    let conversationId: string;
    let contactId: string;
    let runId: string;
    let documentId: string;

    beforeAll(async () => {
      ({ conversationId, contactId } = await seedConversation(acme, {
        phone: '+351910000001',
        name: 'Dora Detail',
        status: 'handoff',
        lastMessageAt: new Date(Date.now() - HOUR),
      }));
      runId = await seedRun(prisma, acme, {
        flowKey: 'ask-human',
        contactId,
        conversationId,
        status: 'handoff',
        currentNode: 'person',
      });
      await withTenant(prisma, acme.id, async (tx) => {
        const common = { tenantId: acme.id, conversationId, contactId, channelId: acme.channelId! };
        const at = (minutes: number) => new Date(Date.now() - HOUR + minutes * 60_000);
        await tx.message.create({
          data: {
            ...common,
            direction: 'in',
            type: 'text',
            body: { type: 'text', text: 'human', at: at(0).toISOString() },
            status: 'received',
            providerMessageId: 'wamid.d1',
            createdAt: at(0),
          },
        });
        await tx.message.create({
          data: {
            ...common,
            direction: 'out',
            type: 'interactive',
            body: {
              type: 'interactive',
              text: 'Pick one',
              buttons: [{ id: 'a', title: 'Solar panels' }],
              nodeId: 'x',
            },
            status: 'read',
            runId,
            idempotencyKey: `${runId}:s1`,
            createdAt: at(1),
          },
        });
        await tx.message.create({
          data: {
            ...common,
            direction: 'in',
            type: 'button',
            body: { type: 'button', text: 'Solar panels', buttonId: 'a', at: at(2).toISOString() },
            status: 'received',
            providerMessageId: 'wamid.d2',
            createdAt: at(2),
          },
        });
        await tx.message.create({
          data: {
            ...common,
            direction: 'out',
            type: 'text',
            body: { type: 'text', text: 'On my way', author: { userId: agent.id } },
            status: 'failed',
            errorCode: '131026',
            errorMessage: 'Message undeliverable',
            createdAt: at(3),
          },
        });
        const document = await tx.document.create({
          data: {
            tenantId: acme.id,
            contactId,
            kind: 'quote',
            number: 'Q-2026-0001',
            currency: 'EUR',
            totalMinor: 125000n,
            filename: 'Q-2026-0001.pdf',
            content: Buffer.from('%PDF-1.4'),
          },
        });
        documentId = document.id;
      });
    });

    it('shows the whole history in plain terms, the run and its steps, the window, documents and approved templates', async () => {
      const res = await api(agentToken).get(`/api/inbox/conversations/${conversationId}`).expect(200);
      const body = res.body;
      expect(body).toMatchObject({
        id: conversationId,
        status: 'handoff',
        contact: { id: contactId, name: 'Dora Detail', phone: '+351910000001' },
        window: { open: true },
        runs: [
          {
            id: runId,
            flowName: 'Ask for a person',
            status: 'handoff',
            at: 'Hand off: Wants a person',
            steps: [
              { id: 'person', label: 'Hand off: Wants a person' },
              { id: 'bye', label: 'Message: Thanks, talk soon!' },
            ],
          },
        ],
        documents: [{ id: documentId, kind: 'quote', number: 'Q-2026-0001', totalMinor: '125000' }],
        templates: [
          { name: 'follow_up', language: 'en', paramCount: 2, body: 'Hi {{1}}, your quote {{2}} is ready.' },
        ],
      });
      const closesAt = Date.parse(body.window.closesAt);
      expect(closesAt).toBeGreaterThan(Date.now() + 22 * HOUR);
      expect(
        body.messages.map((m: { from: string; kind: string; text: string }) => [m.from, m.kind, m.text]),
      ).toEqual([
        ['contact', 'text', 'human'],
        ['bot', 'buttons', 'Pick one'],
        ['contact', 'reply', 'Solar panels'],
        ['person', 'text', 'On my way'],
      ]);
      expect(body.messages[1]).toMatchObject({ choices: ['Solar panels'], status: 'read' });
      expect(body.messages[3]).toMatchObject({
        authorName: 'Ana Agent',
        status: 'failed',
        error: 'Message undeliverable',
      });
    });

    it('is not found in another workspace, nor for an id that is not one (404)', async () => {
      await api(otherToken).get(`/api/inbox/conversations/${conversationId}`).expect(404);
      const res = await api(agentToken).get('/api/inbox/conversations/not-an-id').expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });

    it('claims and assigns to members, refusing viewers, strangers and the read-only', async () => {
      const claimed = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/claim`)
        .expect(200);
      expect(claimed.body).toEqual({ assigneeId: agent.id });
      const mine = await api(agentToken).get('/api/inbox/conversations?filter=mine').expect(200);
      expect(mine.body.data.map((row: { id: string }) => row.id)).toContain(conversationId);

      await api(agentToken)
        .put(`/api/inbox/conversations/${conversationId}/assignee`, { userId: colleague.id })
        .expect(200);
      const detail = await api(agentToken).get(`/api/inbox/conversations/${conversationId}`).expect(200);
      expect(detail.body.assignee.id).toBe(colleague.id);

      const toViewer = await api(agentToken)
        .put(`/api/inbox/conversations/${conversationId}/assignee`, { userId: viewer.id })
        .expect(400);
      expect(toViewer.body.error.code).toBe('ASSIGNEE_CANNOT_REPLY');
      const toStranger = await api(agentToken)
        .put(`/api/inbox/conversations/${conversationId}/assignee`, {
          userId: '00000000-0000-4000-8000-000000000000',
        })
        .expect(400);
      expect(toStranger.body.error.code).toBe('VALIDATION_FAILED');
      await api(agentToken)
        .put(`/api/inbox/conversations/${conversationId}/assignee`, { userId: 'me' })
        .expect(400);
      await api(viewerToken).post(`/api/inbox/conversations/${conversationId}/claim`).expect(403);

      const members = await api(agentToken).get('/api/inbox/members').expect(200);
      expect(members.body.map((member: { id: string }) => member.id).sort()).toEqual(
        [agent.id, colleague.id].sort(),
      );
    });

    it('keeps internal notes for the team, never sending them', async () => {
      const before = await withTenant(prisma, acme.id, (tx) =>
        tx.message.count({ where: { conversationId } }),
      );
      await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/notes`, { body: 'Wants a call after 5pm' })
        .expect(201);
      const empty = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/notes`, { body: '   ' })
        .expect(400);
      expect(empty.body.error.details).toEqual(['body: must not be empty']);
      const detail = await api(agentToken).get(`/api/inbox/conversations/${conversationId}`).expect(200);
      expect(detail.body.notes).toEqual([
        expect.objectContaining({ body: 'Wants a call after 5pm', author: 'Ana Agent' }),
      ]);
      const after = await withTenant(prisma, acme.id, (tx) =>
        tx.message.count({ where: { conversationId } }),
      );
      expect(after).toBe(before);
    });

    it('replies inside the window and sends a quote of this contact, both through the send path', async () => {
      const reply = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/messages`, { text: 'Here is your quote' })
        .expect(202);
      expect(reply.body).toMatchObject({ status: 'queued', windowClosesAt: expect.any(String) });
      const sent = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/documents`, { documentId })
        .expect(202);
      const rows = await withTenant(prisma, acme.id, async (tx) => ({
        messages: await tx.message.findMany({ where: { id: { in: [reply.body.id, sent.body.id] } } }),
        outbox: await tx.outboxEntry.findMany({ where: { kind: 'send' } }),
      }));
      const document = rows.messages.find((message) => message.id === sent.body.id)!;
      expect(document).toMatchObject({ type: 'document', status: 'queued', runId: null });
      expect(document.body).toMatchObject({
        type: 'document',
        documentId,
        filename: 'Q-2026-0001.pdf',
        url: expect.stringMatching(/\/media\/documents\/.+\/Q-2026-0001\.pdf\?tenant=.+&exp=\d+&sig=/),
        author: { userId: agent.id },
      });
      const queued = rows.outbox.flatMap((row) => (row.payload as { messageIds: string[] }).messageIds);
      expect(queued).toEqual(expect.arrayContaining([reply.body.id, sent.body.id]));

      const detail = await api(agentToken).get(`/api/inbox/conversations/${conversationId}`).expect(200);
      expect(detail.body.messages.at(-1)).toMatchObject({
        from: 'person',
        kind: 'document',
        document: { id: documentId, filename: 'Q-2026-0001.pdf', url: `/api/documents/${documentId}/pdf` },
      });
    });

    it('sends a photo from disk once through the send path, kept sealed, served to the provider by signed link only', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.from('pixels')]);
      const sent = await request(app.getHttpServer())
        .post(`/api/inbox/conversations/${conversationId}/attachments?filename=roof.png&caption=Your%20roof`)
        .set('Authorization', `Bearer ${agentToken}`)
        .set('Content-Type', 'image/png')
        .send(png)
        .expect(202);
      const rows = await withTenant(prisma, acme.id, async (tx) => ({
        message: await tx.message.findUniqueOrThrow({
          where: { id: sent.body.id },
          include: { media: true },
        }),
        outbox: await tx.outboxEntry.findMany({ where: { kind: 'send' } }),
      }));
      expect(rows.message).toMatchObject({ type: 'media', status: 'queued', direction: 'out', runId: null });
      const body = rows.message.body as { media: { kind: string; url: string; caption: string } };
      expect(body.media).toMatchObject({ kind: 'image', caption: 'Your roof', filename: 'roof.png' });
      expect(rows.message.media).toMatchObject({
        status: 'stored',
        mimeType: 'image/png',
        sizeBytes: png.length,
      });
      // Sealed at rest: the stored bytes are not the file.
      expect(Buffer.from(rows.message.media!.content!).includes(Buffer.from('pixels'))).toBe(false);
      const queued = rows.outbox.flatMap((row) => (row.payload as { messageIds: string[] }).messageIds);
      expect(queued.filter((id) => id === sent.body.id)).toHaveLength(1);

      // The provider fetches it from the signed link; a tampered link is refused.
      const link = new URL(body.media.url);
      expect(link.pathname).toBe(`/media/files/${rows.message.media!.id}/roof.png`);
      const fetched = await request(app.getHttpServer())
        .get(link.pathname + link.search)
        .expect(200);
      expect(fetched.headers['content-type']).toBe('image/png');
      expect(Buffer.from(fetched.body as Buffer)).toEqual(png);
      await request(app.getHttpServer())
        .get(link.pathname + link.search.replace(/sig=[^&]+/, 'sig=forged'))
        .expect(403);
      await request(app.getHttpServer())
        .get(`/media/documents/${rows.message.media!.id}/roof.png${link.search}`)
        .expect(403);

      // The chat shows it like a customer's photo, from the app's own authorised address.
      const detail = await api(agentToken).get(`/api/inbox/conversations/${conversationId}`).expect(200);
      expect(detail.body.messages.at(-1)).toMatchObject({
        from: 'person',
        kind: 'media',
        text: 'Your roof',
        media: { kind: 'image', state: 'stored', url: `/api/inbox/media/${rows.message.media!.id}` },
      });
    });

    it('refuses attachments of other types, too large, lying about their type, without a name, or from a viewer', async () => {
      const attach = (type: string, bytes: Buffer, query = '?filename=f', token = agentToken) =>
        request(app.getHttpServer())
          .post(`/api/inbox/conversations/${conversationId}/attachments${query}`)
          .set('Authorization', `Bearer ${token}`)
          .set('Content-Type', type)
          .send(bytes);
      const before = await withTenant(prisma, acme.id, (tx) => tx.message.count());
      const exe = await attach('application/x-msdownload', Buffer.from('MZ')).expect(415);
      expect(exe.body.error.code).toBe('ATTACHMENT_TYPE');
      const big = await attach('image/jpeg', Buffer.alloc(5 * 1024 * 1024 + 1, 0xff)).expect(413);
      expect(big.body.error).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
      const fake = await attach('application/pdf', Buffer.from('MZ this is a program')).expect(415);
      expect(fake.body.error.code).toBe('ATTACHMENT_CONTENT');
      await attach('application/pdf', Buffer.from('%PDF-1.4'), '').expect(400);
      await attach('application/pdf', Buffer.from('%PDF-1.4'), '?filename=../x.pdf').expect(400);
      await attach('application/pdf', Buffer.from('%PDF-1.4'), '?filename=a.pdf', viewerToken).expect(403);
      await attach('application/pdf', Buffer.from('%PDF-1.4'), '?filename=a.pdf', otherToken).expect(404);
      expect(await withTenant(prisma, acme.id, (tx) => tx.message.count())).toBe(before);
    });

    it("refuses another contact's document (404) and a bad id (400)", async () => {
      const stranger = await seedConversation(acme, { phone: '+351910000009', lastMessageAt: new Date() });
      await api(agentToken)
        .post(`/api/inbox/conversations/${stranger.conversationId}/documents`, { documentId })
        .expect(404);
      await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/documents`, { documentId: 'x' })
        .expect(400);
    });

    it('hands back to the bot at a chosen step through the run control, and refuses an unknown step', async () => {
      const unknown = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/hand-back`, { action: 'resume', nodeId: 'nowhere' })
        .expect(400);
      expect(unknown.body.error.code).toBe('UNKNOWN_NODE');
      await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/hand-back`, { action: 'pause' })
        .expect(400);
      const res = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/hand-back`, { action: 'resume', nodeId: 'bye' })
        .expect(202);
      expect(res.body).toEqual({ runId, action: 'resume' });
      const { event, conversation } = await withTenant(prisma, acme.id, async (tx) => ({
        event: await tx.contactEvent.findFirst({
          where: { contactId, kind: 'control' },
          orderBy: { id: 'desc' },
        }),
        conversation: await tx.conversation.findUniqueOrThrow({ where: { id: conversationId } }),
      }));
      expect(event?.payload).toMatchObject({ action: 'resume', nodeId: 'bye', runId });
      expect(conversation.status).toBe('open');
    });

    it('refuses to hand back a conversation no flow handed off (409)', async () => {
      const plain = await seedConversation(acme, { phone: '+351910000010', lastMessageAt: new Date() });
      const res = await api(agentToken)
        .post(`/api/inbox/conversations/${plain.conversationId}/hand-back`, { action: 'end' })
        .expect(409);
      expect(res.body.error.code).toBe('NOT_HANDED_OFF');
    });

    it('resolves once (then 409)', async () => {
      await api(agentToken).post(`/api/inbox/conversations/${conversationId}/resolve`).expect(200);
      const again = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/resolve`)
        .expect(409);
      expect(again.body.error.code).toBe('ALREADY_CLOSED');
      const closed = await api(agentToken).get('/api/inbox/conversations?filter=closed').expect(200);
      expect(closed.body.data.map((row: { id: string }) => row.id)).toContain(conversationId);
    });
  });

  describe('after the 24-hour window', () => {
    let conversationId: string;

    beforeAll(async () => {
      ({ conversationId } = await seedConversation(acme, {
        phone: '+351910000020',
        name: 'Lara Late',
        status: 'handoff',
        lastMessageAt: new Date(Date.now() - 30 * HOUR),
      }));
    });

    it('shows the window closed, refuses a text (409) and sends an approved template with its parameters', async () => {
      const detail = await api(agentToken).get(`/api/inbox/conversations/${conversationId}`).expect(200);
      expect(detail.body.window).toMatchObject({ open: false, closesAt: expect.any(String) });

      const text = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/messages`, { text: 'Hello?' })
        .expect(409);
      expect(text.body.error.code).toBe('WINDOW_CLOSED');

      const res = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/template`, {
          name: 'follow_up',
          language: 'en',
          params: ['Lara', 'Q-7'],
        })
        .expect(202);
      expect(res.body).toMatchObject({ status: 'queued', windowClosesAt: null });
      const message = await withTenant(prisma, acme.id, (tx) =>
        tx.message.findUniqueOrThrow({ where: { id: res.body.id } }),
      );
      expect(message).toMatchObject({ type: 'template', templateName: 'follow_up', status: 'queued' });
      expect(message.body).toMatchObject({
        type: 'template',
        template: { name: 'follow_up', language: 'en', params: ['Lara', 'Q-7'] },
      });
    });

    it.each([
      [{ name: 'follow_up', language: 'en', params: ['Lara'] }, 'VALIDATION_FAILED'],
      [{ name: 'draft_offer', language: 'en' }, 'TEMPLATE_NOT_APPROVED'],
      [{ name: 'no_such', language: 'en' }, 'TEMPLATE_NOT_APPROVED'],
      [{ name: 'follow_up', language: 'en', params: ['', 'x'] }, 'VALIDATION_FAILED'],
      [{ name: 'follow_up' }, 'VALIDATION_FAILED'],
    ])('refuses a template send %j with 400 %s', async (body, code) => {
      const res = await api(agentToken)
        .post(`/api/inbox/conversations/${conversationId}/template`, body)
        .expect(400);
      expect(res.body.error.code).toBe(code);
    });
  });

  describe('live updates', () => {
    it('needs a stream token (401 without or with a forged one; an access token is not one)', async () => {
      const none = openStream(`${baseUrl}/api/inbox/events`);
      expect(await none.status).toBe(401);
      none.close();
      const forged = openStream(`${baseUrl}/api/inbox/events?token=${agentToken}`);
      expect(await forged.status).toBe(401);
      forged.close();
      await request(app.getHttpServer()).post('/api/inbox/stream-token').expect(401);
    });

    it("streams a workspace's changes to its own people only", async () => {
      const tokenFor = async (token: string) =>
        (await api(token).post('/api/inbox/stream-token').expect(200)).body.token as string;
      const acmeStream = openStream(`${baseUrl}/api/inbox/events?token=${await tokenFor(agentToken)}`);
      const otherStream = openStream(`${baseUrl}/api/inbox/events?token=${await tokenFor(otherToken)}`);
      try {
        expect(await acmeStream.status).toBe(200);
        expect(await otherStream.status).toBe(200);
        await waitFor(() => acmeStream.events.some((event) => event.event === 'ready'));
        await waitFor(() => otherStream.events.some((event) => event.event === 'ready'));
        // Open streams do not hold the request logger's storage (and its promise hooks) on.
        await waitFor(() => requestsBound() === 0);

        const mine = await seedConversation(acme, { phone: '+351910000030', lastMessageAt: new Date() });
        const theirs = await seedConversation(other, { phone: '+351910000031', lastMessageAt: new Date() });
        await api(agentToken).post(`/api/inbox/conversations/${mine.conversationId}/claim`).expect(200);
        await api(otherToken).post(`/api/inbox/conversations/${theirs.conversationId}/claim`).expect(200);

        await waitFor(() =>
          acmeStream.events.find(
            (event) => (event.data as { conversationId?: string }).conversationId === mine.conversationId,
          ),
        );
        await waitFor(() =>
          otherStream.events.find(
            (event) => (event.data as { conversationId?: string }).conversationId === theirs.conversationId,
          ),
        );
        const acmeSaw = JSON.stringify(acmeStream.events);
        const otherSaw = JSON.stringify(otherStream.events);
        expect(acmeSaw).not.toContain(theirs.conversationId);
        expect(acmeSaw).not.toContain(theirs.contactId);
        expect(otherSaw).not.toContain(mine.conversationId);
        expect(acmeStream.events.find((event) => event.event === 'inbox')?.data).toEqual({
          kind: 'conversation',
          contactId: mine.contactId,
          conversationId: mine.conversationId,
        });
      } finally {
        acmeStream.close();
        otherStream.close();
      }
    });
  });

  it('has no test clock unless LEADLINE_TEST_CLOCK is on (404)', async () => {
    await request(app.getHttpServer()).put('/api/test-clock').send({ offsetMs: 0 }).expect(404);
  });
});
