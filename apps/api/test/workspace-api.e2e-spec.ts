import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { FakeMetaGraph } from '../../../tools/fake-whatsapp';
import { createApiApp } from '../src/api-app.factory';
import type { Permission } from '../src/modules/auth/permissions';
import { AccessTokenService } from '../src/modules/auth/access-token.service';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../src/modules/auth/role-permissions';
import { addApiKey } from './support/api-seed';
import { testConfig } from './support/test-config';
import { PDF_BYTES, seedWorkspace, tokenFor, type Workspace } from './support/workspace-seed';

/** An id nobody has: routes that would change something are probed with it (allowed → 404). */
const MISSING = '00000000-0000-4000-8000-00000000dead';

describe('workspace REST API: roles, tenant isolation, resources', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: Workspace;
  let globex: Workspace;
  // Meta's Graph API for the ownership proof: each number answers only to its own token.
  const graph = new FakeMetaGraph({
    phoneNumbers: [
      {
        id: '106000000000001',
        displayPhoneNumber: '15550100001',
        wabaId: '206000000000001',
        tokens: ['EAAG-very-secret-token'],
      },
      {
        id: '106000000000002',
        displayPhoneNumber: '15550100002',
        wabaId: '206000000000002',
        tokens: ['EAAG-globex-token'],
      },
    ],
  });

  beforeAll(async () => {
    await graph.start();
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedWorkspace(prisma);
    globex = await seedWorkspace(prisma);
    app = await createApiApp(testConfig({ DATABASE_URL: db.url, META_GRAPH_URL: graph.url }));
  });

  afterAll(async () => {
    await graph.stop();
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
  const call = (method: Method, path: string, token: string, body?: object) => {
    const req = request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  const as = (role: Role, workspace = acme) => tokenFor(app, workspace, role);

  describe('each role may do what its permissions say, and nothing else', () => {
    // [method, path, permission needed (null: any signed-in caller), status when allowed, body]
    // Guards run before validation and lookups, so an allowed caller gets 400/404 where a denied one gets 403.
    const routes = (): Array<[Method, string, Permission | null, number, object?]> => [
      ['get', '/api/auth/me', null, 200],
      ['get', '/api/contacts', 'contacts:read', 200],
      ['get', `/api/contacts/${acme.contactId}`, 'contacts:read', 200],
      ['patch', `/api/contacts/${acme.contactId}`, 'contacts:write', 200, { addTags: ['seen'] }],
      ['get', '/api/conversations', 'conversations:read', 200],
      ['get', `/api/conversations/${acme.conversationId}`, 'conversations:read', 200],
      ['get', `/api/conversations/${acme.conversationId}/messages`, 'conversations:read', 200],
      [
        'patch',
        `/api/conversations/${acme.conversationId}`,
        'conversations:write',
        200,
        { status: 'handoff' },
      ],
      ['get', '/api/templates', 'templates:read', 200],
      ['get', '/api/channels', 'channels:read', 200],
      ['post', '/api/channels', 'channels:write', 400, {}],
      ['delete', `/api/channels/${MISSING}`, 'channels:write', 404],
      ['get', '/api/documents', 'documents:read', 200],
      ['get', `/api/documents/${acme.documentId}/pdf`, 'documents:read', 200],
      ['get', '/api/usage/ai', 'usage:read', 200],
      ['get', '/api/api-keys', 'apikeys:manage', 200],
      ['post', '/api/api-keys', 'apikeys:manage', 400, {}],
      ['delete', `/api/api-keys/${MISSING}`, 'apikeys:manage', 404],
      ['get', '/api/users', 'users:manage', 200],
      ['post', '/api/users', 'users:manage', 400, {}],
      ['patch', `/api/users/${MISSING}`, 'users:manage', 404, { name: 'x' }],
      ['delete', `/api/users/${MISSING}`, 'users:manage', 404],
      ['get', '/api/audit-logs', 'audit:read', 200],
      ['get', '/api/runs', 'runs:read', 200],
      ['post', `/api/runs/${MISSING}/cancel`, 'runs:write', 404, {}],
      ['post', '/api/leads', 'leads:write', 400, {}],
      ['get', '/api/pipeline/stages', 'contacts:read', 200],
      ['get', '/api/pipeline/board', 'contacts:read', 200],
      ['post', '/api/pipeline/stages', 'pipeline:manage', 400, {}],
      ['put', '/api/pipeline/stages/order', 'pipeline:manage', 400, {}],
      ['patch', `/api/pipeline/stages/${MISSING}`, 'pipeline:manage', 404, { name: 'x' }],
      ['delete', `/api/pipeline/stages/${MISSING}`, 'pipeline:manage', 404],
      ['put', `/api/contacts/${acme.contactId}/stage`, 'contacts:write', 200, { stageId: null }],
      ['get', `/api/contacts/${acme.contactId}/stage-changes`, 'contacts:read', 200],
      ['get', `/api/contacts/${acme.contactId}/notes`, 'contacts:read', 200],
      ['post', `/api/contacts/${acme.contactId}/notes`, 'contacts:write', 201, { body: 'Called back.' }],
      ['get', '/api/quick-replies', 'conversations:read', 200],
      ['post', '/api/quick-replies', 'workspace:manage', 400, {}],
      ['put', `/api/quick-replies/${MISSING}`, 'workspace:manage', 404, { title: 'x', body: 'y' }],
      ['delete', `/api/quick-replies/${MISSING}`, 'workspace:manage', 404],
      ['get', '/api/settings/ai-keys', 'workspace:manage', 200],
      ['put', '/api/settings/ai-keys/openai', 'workspace:manage', 400, {}],
      ['delete', '/api/settings/ai-keys/gemini', 'workspace:manage', 404],
    ];

    it.each(ROLES.map((role) => [role]))('%s', async (role) => {
      const token = as(role);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const [method, path, permission, allowedStatus, body] of routes()) {
        const allowed = permission === null || ROLE_PERMISSIONS[role].includes(permission);
        const res = await call(method, path, token, body);
        outcomes.push(`${method.toUpperCase()} ${path} → ${res.status}`);
        expected.push(`${method.toUpperCase()} ${path} → ${allowed ? allowedStatus : 403}`);
        if (!allowed) expect(res.body.error.message).toContain(`Your role (${role}) lacks`);
      }
      expect(outcomes).toEqual(expected);
    });

    it('holds API keys to their scopes the same way', async () => {
      const reader = await addApiKey(prisma, acme.tenant.id, ['contacts:read']);
      await call('get', '/api/contacts', reader.key).expect(200);
      const denied = await call('patch', `/api/contacts/${acme.contactId}`, reader.key, {
        addTags: ['x'],
      }).expect(403);
      expect(denied.body.error.message).toBe('This API key lacks the scope contacts:write.');
      await call('get', '/api/users', reader.key).expect(403);
    });
  });

  describe("another workspace's ids are not found (404), and its rows stay as they were", () => {
    const probes = (): Array<[Method, string, object?]> => [
      ['get', `/api/contacts/${globex.contactId}`],
      ['patch', `/api/contacts/${globex.contactId}`, { tags: ['stolen'] }],
      ['get', `/api/conversations/${globex.conversationId}`],
      ['get', `/api/conversations/${globex.conversationId}/messages`],
      ['patch', `/api/conversations/${globex.conversationId}`, { status: 'closed' }],
      ['get', `/api/channels/${globex.channelId}`],
      ['delete', `/api/channels/${globex.channelId}`],
      ['get', `/api/documents/${globex.documentId}`],
      ['get', `/api/documents/${globex.documentId}/pdf`],
      ['delete', `/api/api-keys/${globex.tenant.key.id}`],
      ['get', `/api/users/${globex.users.viewer.id}`],
      ['patch', `/api/users/${globex.users.viewer.id}`, { role: 'owner' }],
      ['delete', `/api/users/${globex.users.viewer.id}`],
      ['put', `/api/contacts/${globex.contactId}/stage`, { stageId: null }],
      ['get', `/api/contacts/${globex.contactId}/stage-changes`],
      ['get', `/api/contacts/${globex.contactId}/notes`],
      ['post', `/api/contacts/${globex.contactId}/notes`, { body: 'x' }],
    ];

    it.each([
      ['an owner of acme', () => as('owner')],
      [
        'an API key of acme with every scope',
        async () => (await addApiKey(prisma, acme.tenant.id, [...ROLE_PERMISSIONS.owner])).key,
      ],
    ])('%s', async (_who, credential) => {
      const token = await credential();
      for (const [method, path, body] of probes()) {
        const res = await call(method, path, token, body);
        expect({ path: `${method} ${path}`, status: res.status, code: res.body?.error?.code }).toEqual({
          path: `${method} ${path}`,
          status: 404,
          code: expect.stringMatching(/NOT_FOUND$/),
        });
      }
      const contact = await prisma.contact.findUniqueOrThrow({ where: { id: globex.contactId } });
      expect(contact.tags).toEqual(['vip', 'solar']);
      expect(
        (await prisma.conversation.findUniqueOrThrow({ where: { id: globex.conversationId } })).status,
      ).toBe('handoff');
      expect(await prisma.channel.count({ where: { id: globex.channelId } })).toBe(1);
      expect(
        (await prisma.apiKey.findUniqueOrThrow({ where: { id: globex.tenant.key.id } })).revokedAt,
      ).toBeNull();
      expect((await prisma.user.findUniqueOrThrow({ where: { id: globex.users.viewer.id } })).role).toBe(
        'viewer',
      );
    });

    it('never lists their rows', async () => {
      const token = as('owner');
      const lists: Array<[string, string]> = [
        ['/api/contacts', globex.contactId],
        ['/api/conversations', globex.conversationId],
        ['/api/templates', globex.templateId],
        ['/api/channels', globex.channelId],
        ['/api/documents', globex.documentId],
        ['/api/api-keys', globex.tenant.key.id],
        ['/api/users', globex.users.owner.id],
      ];
      for (const [path, foreignId] of lists) {
        const res = await call('get', `${path}?limit=100`, token).expect(200);
        expect(res.body.data.length).toBeGreaterThan(0);
        expect(res.body.data.map((row: { id: string }) => row.id)).not.toContain(foreignId);
      }
      const usage = await call('get', '/api/usage/ai', token).expect(200);
      expect(usage.body.totals.calls).toBe(1);
    });
  });

  describe('contacts', () => {
    it('filters by tag and opt-in state and pages with a cursor', async () => {
      const token = as('viewer');
      const vip = await call('get', '/api/contacts?tag=vip', token).expect(200);
      expect(vip.body.data.map((c: { id: string }) => c.id)).toEqual([acme.contactId]);
      const out = await call('get', '/api/contacts?optIn=opted_out', token).expect(200);
      expect(out.body.data).toHaveLength(1);
      expect(out.body.data[0].optInState).toBe('opted_out');
      const first = await call('get', '/api/contacts?tag=solar&limit=1', token).expect(200);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call(
        'get',
        `/api/contacts?tag=solar&limit=1&cursor=${first.body.nextCursor}`,
        token,
      ).expect(200);
      expect(second.body.nextCursor).toBeNull();
      expect(new Set([first.body.data[0].id, second.body.data[0].id]).size).toBe(2);
      const bad = await call('get', '/api/contacts?optIn=maybe&limit=0', token).expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect(bad.body.error.details).toHaveLength(2);
    });

    it('corrects tags and fields (merged; null removes) and records it in the audit log', async () => {
      const token = as('agent');
      await call('patch', `/api/contacts/${acme.contactId}`, token, {
        fields: { city: 'Leeds', plan: 'pro' },
      }).expect(200);
      const res = await call('patch', `/api/contacts/${acme.contactId}`, token, {
        removeTags: ['vip'],
        addTags: ['callback'],
        fields: { plan: null },
      }).expect(200);
      expect(res.body.tags).toEqual(expect.arrayContaining(['solar', 'callback']));
      expect(res.body.tags).not.toContain('vip');
      expect(res.body.fields).toEqual({ city: 'Leeds' });
      const audit = await prisma.auditLog.findFirst({
        where: { action: 'contact.updated', targetId: acme.contactId, actorUserId: acme.users.agent.id },
        orderBy: { at: 'desc' },
      });
      expect(audit?.data).toMatchObject({ fields: ['plan'] });
      const conflict = await call('patch', `/api/contacts/${acme.contactId}`, token, {
        tags: [],
        addTags: ['x'],
      }).expect(400);
      expect(conflict.body.error.message).toContain('not both');
    });
  });

  describe('conversations', () => {
    it('shows a conversation, its messages, and lets an agent take it', async () => {
      const token = as('agent');
      const detail = await call('get', `/api/conversations/${acme.conversationId}`, token).expect(200);
      expect(detail.body).toMatchObject({ id: acme.conversationId, status: 'handoff', activeRuns: [] });
      const messages = await call('get', `/api/conversations/${acme.conversationId}/messages`, token).expect(
        200,
      );
      expect(messages.body.data).toEqual([
        expect.objectContaining({ id: acme.messageId, body: { text: 'hello' } }),
      ]);
      const taken = await call('patch', `/api/conversations/${acme.conversationId}`, token, {
        assignedUserId: acme.users.agent.id,
      }).expect(200);
      expect(taken.body.assignedUserId).toBe(acme.users.agent.id);
      const mine = await call('get', '/api/conversations?assigned=me', token).expect(200);
      expect(mine.body.data.map((c: { id: string }) => c.id)).toEqual([acme.conversationId]);
      // Someone of another workspace cannot be assigned.
      await call('patch', `/api/conversations/${acme.conversationId}`, token, {
        assignedUserId: globex.users.agent.id,
      }).expect(400);
    });
  });

  describe('channels', () => {
    it('adds a channel with sealed credentials that no answer contains, and deletes an unused one', async () => {
      const token = as('admin');
      const created = await call('post', '/api/channels', token, {
        provider: 'meta',
        phoneNumberId: '106000000000001',
        credentials: { accessToken: 'EAAG-very-secret-token', appSecret: 'app-secret-value' },
      }).expect(201);
      // The display number and the number's health come from Meta.
      expect(created.body).toMatchObject({
        provider: 'meta',
        status: 'active',
        hasCredentials: true,
        displayPhone: '+15550100001',
        verifiedName: 'Fake Business',
        qualityRating: 'GREEN',
      });
      expect(JSON.stringify(created.body)).not.toContain('very-secret');
      expect(created.body).not.toHaveProperty('encryptedCredentials');
      const listed = await call('get', '/api/channels', token).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain('very-secret');

      const row = await prisma.channel.findUniqueOrThrow({ where: { id: created.body.id } });
      expect(Buffer.from(row.encryptedCredentials!).toString('latin1')).not.toContain('very-secret');
      const config = testConfig();
      const box = createSecretBoxFromBase64Keys({
        current: config.security.encryptionKey,
        previous: config.security.previousEncryptionKeys,
      });
      expect(box.open(Buffer.from(row.encryptedCredentials!))).toEqual({
        accessToken: 'EAAG-very-secret-token',
        appSecret: 'app-secret-value',
      });

      const duplicate = await call('post', '/api/channels', token, {
        provider: 'sandbox',
        phoneNumberId: row.phoneNumberId,
        displayPhone: '+15550100001',
      });
      expect(duplicate.status).toBe(201); // a sandbox and a meta number may share an id
      const again = await call('post', '/api/channels', token, {
        provider: 'sandbox',
        phoneNumberId: row.phoneNumberId,
        displayPhone: '+15550100001',
      }).expect(409);
      expect(again.body.error.code).toBe('CHANNEL_EXISTS');

      await call('delete', `/api/channels/${created.body.id}`, token).expect(204);
      const inUse = await call('delete', `/api/channels/${acme.channelId}`, token).expect(409);
      expect(inUse.body.error.code).toBe('CHANNEL_IN_USE');
      const actions = (
        await prisma.auditLog.findMany({ where: { targetId: created.body.id }, orderBy: { at: 'asc' } })
      ).map((entry) => entry.action);
      expect(actions).toEqual(['channel.added', 'channel.deleted']);
      const added = await prisma.auditLog.findFirstOrThrow({
        where: { targetId: created.body.id, action: 'channel.added' },
      });
      expect(JSON.stringify(added.data)).not.toContain('very-secret');
      expect(added.data).toMatchObject({ credentialFields: ['accessToken', 'appSecret'] });
    });

    it('proves ownership with Meta first: the same 400 for a foreign number and a made-up one', async () => {
      const token = as('admin');
      const claim = (phoneNumberId: string, accessToken: string) =>
        call('post', '/api/channels', token, {
          provider: 'meta',
          phoneNumberId,
          credentials: { accessToken },
        });
      // globex's number, already attached to globex, claimed by acme with acme's own token.
      await request(app.getHttpServer())
        .post('/api/channels')
        .set('Authorization', `Bearer ${tokenFor(app, globex, 'admin')}`)
        .send({
          provider: 'meta',
          phoneNumberId: '106000000000002',
          credentials: { accessToken: 'EAAG-globex-token' },
        })
        .expect(201);
      const before = await prisma.channel.count();
      const foreign = await claim('106000000000002', 'EAAG-very-secret-token').expect(400);
      const madeUp = await claim('106000000000099', 'EAAG-very-secret-token').expect(400);
      const { requestId: _a, ...foreignError } = foreign.body.error;
      const { requestId: _b, ...madeUpError } = madeUp.body.error;
      expect(foreignError).toEqual(madeUpError);
      expect(foreign.body.error.code).toBe('CHANNEL_NOT_VERIFIED');
      expect(JSON.stringify(foreign.body)).not.toMatch(/already|exists|globex/i);
      // Not in the WABA it names.
      const otherWaba = await call('post', '/api/channels', token, {
        provider: 'meta',
        phoneNumberId: '106000000000001',
        wabaId: '206000000000002',
        credentials: { accessToken: 'EAAG-very-secret-token' },
      }).expect(400);
      expect(otherWaba.body.error.code).toBe('CHANNEL_NOT_VERIFIED');
      // Meta unreachable says nothing about the number either, and is worth retrying.
      graph.failNext(1, { route: 'phone', httpStatus: 503, code: 2 });
      const down = await claim('106000000000002', 'EAAG-globex-token').expect(503);
      expect(down.body.error.code).toBe('PROVIDER_UNREACHABLE');
      expect(await prisma.channel.count()).toBe(before);
      // The number's own token may learn that it is taken.
      const taken = await claim('106000000000002', 'EAAG-globex-token').expect(409);
      expect(taken.body.error.code).toBe('CHANNEL_EXISTS');
    });

    it('refuses credentials that do not fit the provider, naming the field', async () => {
      const res = await call('post', '/api/channels', as('owner'), {
        provider: 'twilio',
        phoneNumberId: 'x1',
        displayPhone: '+15550100002',
        credentials: { accountSid: 'nope', authToken: 't', from: 'whatsapp:+15550100002' },
      }).expect(400);
      expect(res.body.error.details).toEqual([expect.stringContaining('credentials.accountSid')]);
    });
  });

  describe('documents, templates, usage', () => {
    it('downloads a PDF and lists documents with totals as strings', async () => {
      const token = as('viewer');
      const pdf = await call('get', `/api/documents/${acme.documentId}/pdf`, token)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toBe('attachment; filename="quote.pdf"');
      expect(Buffer.compare(pdf.body as Buffer, PDF_BYTES)).toBe(0);
      const list = await call('get', `/api/documents?contact=${acme.contactId}`, token).expect(200);
      expect(list.body.data).toEqual([
        expect.objectContaining({ id: acme.documentId, totalMinor: '123456', kind: 'quote' }),
      ]);
    });

    it('lists templates by status and sums AI usage', async () => {
      const token = as('viewer');
      const approved = await call('get', '/api/templates?status=approved', token).expect(200);
      expect(approved.body.data.map((t: { id: string }) => t.id)).toEqual([acme.templateId]);
      expect((await call('get', '/api/templates?status=rejected', token).expect(200)).body.data).toEqual([]);
      const usage = await call('get', '/api/usage/ai', token).expect(200);
      expect(usage.body.totals).toEqual({ calls: 1, failed: 0, inputTokens: 10, outputTokens: 2 });
      await call('get', '/api/usage/ai?from=2026-02-01&to=2026-01-01', token).expect(400);
    });
  });

  describe('API keys', () => {
    it('shows a new key once, stores only its hash, and revoking it stops it at once', async () => {
      const token = as('admin');
      const created = await call('post', '/api/api-keys', token, {
        name: 'crm sync',
        scopes: ['contacts:read'],
      }).expect(201);
      expect(created.body).toMatchObject({
        name: 'crm sync',
        scopes: ['contacts:read'],
        key: expect.stringMatching(/^ll_/),
      });
      const key: string = created.body.key;
      const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
      expect(JSON.stringify(row)).not.toContain(key);
      const listed = await call('get', '/api/api-keys', token).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(key);
      expect(listed.body.data.find((k: { id: string }) => k.id === created.body.id)).not.toHaveProperty(
        'key',
      );

      await call('get', '/api/contacts', key).expect(200);
      const revoked = await call('delete', `/api/api-keys/${created.body.id}`, token).expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      await call('get', '/api/contacts', key).expect(401);
      const actions = (
        await prisma.auditLog.findMany({ where: { targetId: created.body.id }, orderBy: { at: 'asc' } })
      ).map((entry) => [entry.action, entry.actorUserId]);
      expect(actions).toEqual([
        ['api_key.created', acme.users.admin.id],
        ['api_key.revoked', acme.users.admin.id],
      ]);
    });

    it('cannot hand out scopes the creator does not hold', async () => {
      const narrow = await addApiKey(prisma, acme.tenant.id, ['apikeys:manage', 'contacts:read']);
      const res = await call('post', '/api/api-keys', narrow.key, {
        name: 'wider',
        scopes: ['contacts:read', 'users:manage'],
      }).expect(403);
      expect(res.body.error).toMatchObject({
        code: 'SCOPE_NOT_HELD',
        message: expect.stringContaining('users:manage'),
      });
      const unknown = await call('post', '/api/api-keys', narrow.key, { name: 'x', scopes: ['root'] }).expect(
        400,
      );
      expect(unknown.body.error.details[0]).toContain('scopes.0');
    });
  });

  describe('users', () => {
    it('lets admins add members but only owners change roles or add owners', async () => {
      const admin = as('admin');
      const owner = as('owner');
      const added = await call('post', '/api/users', admin, {
        email: 'New.Agent@Example.com',
        role: 'agent',
        password: 'a long enough password',
      }).expect(201);
      expect(added.body).toMatchObject({ email: 'new.agent@example.com', role: 'agent' });
      expect(added.body).not.toHaveProperty('passwordHash');
      const stored = await prisma.user.findUniqueOrThrow({ where: { id: added.body.id } });
      expect(stored.passwordHash).toMatch(/^\$2[aby]\$12\$/);

      await call('post', '/api/users', admin, {
        email: 'new.agent@example.com',
        role: 'agent',
        password: 'a long enough password',
      }).expect(409);
      const ownerByAdmin = await call('post', '/api/users', admin, {
        email: 'o2@example.com',
        role: 'owner',
        password: 'a long enough password',
      }).expect(403);
      expect(ownerByAdmin.body.error.code).toBe('OWNER_ONLY');
      const promote = await call('patch', `/api/users/${added.body.id}`, admin, { role: 'admin' }).expect(
        403,
      );
      expect(promote.body.error.code).toBe('OWNER_ONLY');
      await call('patch', `/api/users/${added.body.id}`, admin, { name: 'Renamed' }).expect(200);

      const promoted = await call('patch', `/api/users/${added.body.id}`, owner, { role: 'editor' }).expect(
        200,
      );
      expect(promoted.body.role).toBe('editor');
      const audit = await prisma.auditLog.findFirstOrThrow({
        where: { action: 'user.role_changed', targetId: added.body.id },
      });
      expect(audit).toMatchObject({
        actorUserId: acme.users.owner.id,
        data: { from: 'agent', to: 'editor' },
      });

      await call('delete', `/api/users/${added.body.id}`, admin).expect(204);
      await call('delete', `/api/users/${acme.users.owner.id}`, admin).expect(403);
      expect(
        await prisma.auditLog.count({ where: { action: 'user.deleted', targetId: added.body.id } }),
      ).toBe(1);
      const short = await call('post', '/api/users', admin, {
        email: 'x@example.com',
        role: 'viewer',
        password: 'short',
      }).expect(400);
      expect(short.body.error.details).toEqual(['password: must be at least 10 characters long']);
    });

    it('never lets the last owner go, by demotion or deletion', async () => {
      const owner = as('owner');
      const me = acme.users.owner.id;
      expect(
        (await call('patch', `/api/users/${me}`, owner, { role: 'admin' }).expect(409)).body.error.code,
      ).toBe('LAST_OWNER');
      expect((await call('delete', `/api/users/${me}`, owner).expect(409)).body.error.code).toBe(
        'LAST_OWNER',
      );
      // With a second owner, the first may step down.
      const second = await call('post', '/api/users', owner, {
        email: 'second.owner@example.com',
        role: 'owner',
        password: 'a long enough password',
      }).expect(201);
      await call('patch', `/api/users/${me}`, owner, { role: 'owner', name: 'Still owner' }).expect(200);
      const secondToken = app
        .get(AccessTokenService)
        .sign({ userId: second.body.id, tenantId: acme.tenant.id, role: 'owner', sessionVersion: 0 });
      await call('patch', `/api/users/${me}`, secondToken, { role: 'admin' }).expect(200);
      expect(
        (await call('delete', `/api/users/${second.body.id}`, secondToken).expect(409)).body.error.code,
      ).toBe('LAST_OWNER');
      await prisma.user.update({ where: { id: me }, data: { role: 'owner' } });
    });
  });

  describe('audit log', () => {
    it('lists what happened, newest first, filtered by action prefix', async () => {
      const res = await call('get', '/api/audit-logs?action=user.&limit=100', as('admin')).expect(200);
      expect(res.body.data.length).toBeGreaterThan(0);
      expect(res.body.data.every((entry: { action: string }) => entry.action.startsWith('user.'))).toBe(true);
      const times = res.body.data.map((entry: { at: string }) => entry.at);
      expect([...times].sort().reverse()).toEqual(times);
    });
  });

  describe('OpenAPI', () => {
    it('documents every resource at /api/docs-json and serves the UI at /api/docs', async () => {
      const doc = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      for (const path of [
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/contacts',
        '/api/contacts/{id}',
        '/api/conversations/{id}/messages',
        '/api/templates',
        '/api/channels',
        '/api/documents/{id}/pdf',
        '/api/usage/ai',
        '/api/api-keys',
        '/api/users',
        '/api/audit-logs',
        '/api/runs',
        '/api/leads',
      ]) {
        expect(Object.keys(doc.body.paths)).toContain(path);
      }
      expect(
        doc.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required,
      ).toEqual(['tenant', 'email', 'password']);
      const contactParams = doc.body.paths['/api/contacts'].get.parameters.map(
        (p: { name: string }) => p.name,
      );
      expect(contactParams).toEqual(expect.arrayContaining(['cursor', 'limit', 'tag', 'optIn', 'q']));
      expect(doc.body.paths['/api/contacts'].get.security).toEqual([{ bearer: [] }]);
      const ui = await request(app.getHttpServer()).get('/api/docs/').expect(200);
      expect(ui.text).toContain('swagger');
    });
  });
});
