import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { buildDocument, documentJson, OPENAPI_JSON } from '../../../tools/openapi/openapi-document';
import { createApiApp } from '../src/api-app.factory';
import { addApiKey, exampleFlow, seedRun, seedTenant, type SeededTenant } from './support/api-seed';
import { ContractChecker, hasSuccessSchema, operations } from './support/openapi-contract';
import { seedUser, TEST_PASSWORD } from './support/user-seed';
import { testConfig } from './support/test-config';

const ROOT = join(__dirname, '..', '..', '..');

describe('the API contract (OpenAPI document)', () => {
  let document: Awaited<ReturnType<typeof buildDocument>>;

  beforeAll(async () => {
    document = await buildDocument();
  });

  it('is committed up to date, and so are the web app types generated from it (npm run openapi)', async () => {
    expect(readFileSync(join(ROOT, OPENAPI_JSON), 'utf8')).toBe(documentJson(document));
    // openapi-typescript is an ES module Jest cannot load: the generator checks in its own process.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/openapi/write-openapi.ts', '--check'],
      { cwd: ROOT },
    );
    expect(stdout).toContain('up to date');
  });

  it('gives every operation its error responses, with the error body schema', () => {
    const all = operations(document as never);
    expect(all.length).toBeGreaterThan(60);
    for (const { method, path, op } of all) {
      const statuses = Object.keys(op.responses ?? {});
      expect({ operation: `${method} ${path}`, has500: statuses.includes('500') }).toEqual({
        operation: `${method} ${path}`,
        has500: true,
      });
      if ((op as { security?: unknown[] }).security?.length)
        expect(statuses).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(document.paths['/api/leads'].post?.responses['409']).toMatchObject({
      description: expect.stringContaining('NO_CHANNEL'),
    });
  });

  it('documents a success schema (or a file or no-content answer) for every operation', () => {
    // A new route documents its answers (@ApiZodResponse, @ApiFileResponse, @ApiNoContent) from the start.
    const missing = operations(document as never)
      .filter(({ op }) => !hasSuccessSchema(op))
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(missing).toEqual([]);
  });

  describe('real answers match it', () => {
    let db: TestDatabase;
    let prisma: PrismaClient;
    let app: INestApplication;
    let tenant: SeededTenant;
    let checker: ContractChecker;
    const problems: string[] = [];

    beforeAll(async () => {
      db = await createTestDatabase();
      prisma = createPrismaClient({ url: db.url });
      tenant = await seedTenant(prisma, { flows: [exampleFlow('no-reply-follow-up')] });
      app = await createApiApp(testConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl() }));
      checker = new ContractChecker(document as never);
    });

    afterAll(async () => {
      await app?.close();
      await prisma?.$disconnect();
      await db?.drop();
    });

    /** Sends a request and checks its answer against the document. */
    async function call(
      method: 'get' | 'post' | 'put' | 'patch' | 'delete',
      url: string,
      token: string | undefined,
      body?: object,
    ): Promise<request.Response> {
      let req = request(app.getHttpServer())[method](url);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      const res = await (body ? req.send(body) : req);
      problems.push(...checker.check(method, url, res.status, res.body));
      return res;
    }

    it('for a person who signs in, builds, publishes and reads a flow, and for a lead', async () => {
      const owner = await seedUser(prisma, tenant.id, 'owner');
      const login = await call('post', '/api/auth/login', undefined, {
        tenant: tenant.slug,
        email: owner.email,
        password: TEST_PASSWORD,
      });
      expect(login.status).toBe(200);
      const token = login.body.accessToken as string;
      await call('get', '/api/auth/me', token);
      await call('post', '/api/auth/login', undefined, {
        tenant: tenant.slug,
        email: owner.email,
        password: 'wrong password here',
      });
      const refreshed = await call('post', '/api/auth/refresh', undefined, {
        refreshToken: login.body.refreshToken,
      });
      expect(refreshed.status).toBe(200);

      const flow = { ...exampleFlow('lead-capture') };
      const created = await call('post', '/api/flows', token, { document: flow });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await call('get', '/api/flows', token);
      await call('get', `/api/flows/${id}`, token);
      await call('put', `/api/flows/${id}/draft`, token, { document: { ...flow, name: 'Lead capture 2' } });
      const published = await call('post', `/api/flows/${id}/publish`, token);
      expect(published.status).toBe(200);
      await call('get', `/api/flows/${id}/versions`, token);
      await call('get', `/api/flows/${id}/versions/1`, token);
      await call('get', `/api/flows/${id}/diff?from=active&to=draft`, token);
      await call('get', `/api/flows/${id}/analytics`, token);
      await call('get', `/api/flows/${id}/keyword-conflicts`, token);
      await call('post', `/api/flows/${id}/duplicate`, token, {});
      await call('post', `/api/flows/${id}/archive`, token);
      await call('post', `/api/flows/${id}/unarchive`, token);
      await call('get', '/api/flows/00000000-0000-4000-8000-000000000000', token);
      await call('put', `/api/flows/${id}/draft`, token, { nope: true });
      await call('get', '/api/flows', undefined);

      const key = await addApiKey(prisma, tenant.id, ['leads:write']);
      const lead = await call('post', '/api/leads', key.key, {
        phone: '+447700900123',
        flow: 'no-reply-follow-up',
      });
      expect(lead.status).toBe(202);
      await call('post', '/api/leads', key.key, { phone: 'not a number', flow: 'no-reply-follow-up' });
      await call('post', '/api/leads', key.key, { phone: '+447700900124', flow: 'no-such-flow' });
      await call('get', '/api/auth/me', key.key);

      // Runs (an API key with the runs scopes), and the operations endpoints.
      const runs = await addApiKey(prisma, tenant.id, ['runs:read', 'runs:write']);
      // No worker runs here: the lead's run is seeded as the engine would write it.
      const runId = await seedRun(prisma, tenant, {
        flowKey: 'no-reply-follow-up',
        contactId: lead.body.contactId as string,
      });
      const page = await call('get', '/api/runs?limit=5', runs.key);
      expect(page.body.data).toHaveLength(1);
      await call('get', `/api/runs/${runId}`, runs.key);
      await call('post', `/api/runs/${runId}/cancel`, runs.key, {});
      await call('get', '/api/runs/00000000-0000-4000-8000-000000000000', runs.key);
      await call('get', '/api/activities', token);
      await withTenant(prisma, tenant.id, (tx) =>
        tx.template.create({
          data: {
            tenantId: tenant.id,
            channelId: tenant.channelId!,
            name: 'still_interested',
            language: 'en',
            category: 'marketing',
            status: 'approved',
            components: [{ type: 'BODY', text: 'Hi {{1}}, still keen?' }],
          },
        }),
      );
      const templates = await call('get', '/api/templates?status=approved', token);
      expect(templates.body.data).toHaveLength(1);
      await call('get', '/api/templates?status=nope', token);
      await call('get', '/api/flow-templates', token);
      // Contacts, the pipeline, documents and data rights (a person's session).
      const contactId = lead.body.contactId as string;
      const contacts = await call('get', '/api/contacts?limit=5', token);
      expect(contacts.body.data).toHaveLength(1);
      await call('get', `/api/contacts/${contactId}`, token);
      await call('patch', `/api/contacts/${contactId}`, token, { name: 'Ana', addTags: ['vip'] });
      await call('post', `/api/contacts/${contactId}/notes`, token, { body: 'Called, wants a quote' });
      await call('get', `/api/contacts/${contactId}/notes`, token);
      await call('get', '/api/contacts?sort=nope', token);
      const stage = await call('post', '/api/pipeline/stages', token, { name: 'Qualified' });
      expect(stage.status).toBe(201);
      await call('get', '/api/pipeline/stages', token);
      const moved = await call('put', `/api/contacts/${contactId}/stage`, token, { stageId: stage.body.id });
      expect(moved.status).toBe(200);
      const board = await call('get', '/api/pipeline/board', token);
      expect(board.body[0].cards).toHaveLength(1);
      await call('patch', `/api/pipeline/stages/${stage.body.id}`, token, { color: 'green' });
      await call('put', '/api/pipeline/stages/order', token, { stageIds: [stage.body.id] });
      await call('get', `/api/contacts/${contactId}/stage-changes`, token);
      await call('get', '/api/documents', token);
      await call('get', '/api/documents/00000000-0000-4000-8000-000000000000', token);
      await call('get', `/api/contacts/${contactId}/export`, token);
      // The inbox and conversations: a conversation with one message from the contact (window open).
      const conversationId = await withTenant(prisma, tenant.id, async (tx) => {
        const conversation = await tx.conversation.create({
          data: { tenantId: tenant.id, contactId, channelId: tenant.channelId!, lastMessageAt: new Date() },
        });
        await tx.contact.update({ where: { id: contactId }, data: { lastInboundAt: new Date() } });
        await tx.message.create({
          data: {
            tenantId: tenant.id,
            conversationId: conversation.id,
            contactId,
            channelId: tenant.channelId!,
            direction: 'in',
            type: 'text',
            body: { type: 'text', text: 'Hi, is this still available?' },
            status: 'received',
          },
        });
        return conversation.id;
      });
      const inbox = await call('get', '/api/inbox/conversations?filter=all', token);
      expect(inbox.body.data).toHaveLength(1);
      await call('get', '/api/inbox/members', token);
      const detail = await call('get', `/api/inbox/conversations/${conversationId}`, token);
      expect(detail.body.messages).toHaveLength(1);
      await call('post', `/api/inbox/conversations/${conversationId}/read`, token);
      await call('post', `/api/inbox/conversations/${conversationId}/claim`, token);
      await call('put', `/api/inbox/conversations/${conversationId}/assignee`, token, { userId: null });
      await call('post', `/api/inbox/conversations/${conversationId}/notes`, token, { body: 'Wants a call' });
      await call('post', `/api/inbox/conversations/${conversationId}/messages`, token, {
        text: 'Yes it is!',
      });
      await call('post', '/api/inbox/stream-token', token);
      await call('get', '/api/conversations', token);
      await call('get', `/api/conversations/${conversationId}`, token);
      await call('get', `/api/conversations/${conversationId}/messages`, token);
      await call('patch', `/api/conversations/${conversationId}`, token, { assignedUserId: owner.id });
      await call('post', `/api/inbox/conversations/${conversationId}/resolve`, token);
      await call('post', `/api/inbox/conversations/${conversationId}/resolve`, token);
      await call('post', '/api/quick-replies', token, { title: 'Opening hours', body: 'We open at 9.' });
      await call('get', '/api/quick-replies', token);
      // Segments and campaigns (the approved template above).
      const filter = {
        all: [
          { kind: 'tag', op: 'has', tag: 'vip' },
          { kind: 'opt_in', state: 'unknown' },
        ],
      };
      const segment = await call('post', '/api/segments', token, { name: 'VIPs', filter });
      expect(segment.status).toBe(201);
      await call('post', '/api/segments', token, { name: 'VIPs', filter });
      await call('get', '/api/segments', token);
      await call('post', '/api/segments/count', token, { filter });
      await call('put', `/api/segments/${segment.body.id}`, token, { name: 'VIP contacts', filter });
      const spec = {
        templateName: 'still_interested',
        language: 'en',
        audience: { segmentId: segment.body.id },
        params: { body: [{ field: 'name' }] },
      };
      await call('post', '/api/campaigns/preview', token, spec);
      const campaign = await call('post', '/api/campaigns', token, { ...spec, name: 'Still keen?' });
      expect(campaign.status).toBe(201);
      await call('get', '/api/campaigns', token);
      await call('get', `/api/campaigns/${campaign.body.id}`, token);
      await call('post', `/api/campaigns/${campaign.body.id}/pause`, token);
      await call('post', `/api/campaigns/${campaign.body.id}/cancel`, token);
      await call('get', `/api/campaigns/${campaign.body.id}/recipients`, token);
      // Members, API keys, the audit log, AI usage and keys.
      const member = await call('post', '/api/users', token, {
        email: 'agent@example.test',
        name: 'Agent',
        role: 'agent',
        password: TEST_PASSWORD,
      });
      expect(member.status).toBe(201);
      await call('post', '/api/users', token, {
        email: 'agent@example.test',
        role: 'agent',
        password: TEST_PASSWORD,
      });
      await call('get', '/api/users', token);
      await call('get', `/api/users/${member.body.id}`, token);
      await call('patch', `/api/users/${member.body.id}`, token, { role: 'editor' });
      const apiKey = await call('post', '/api/api-keys', token, { name: 'CRM', scopes: ['leads:write'] });
      expect(apiKey.status).toBe(201);
      await call('get', '/api/api-keys', token);
      await call('delete', `/api/api-keys/${apiKey.body.id}`, token);
      await call('get', '/api/audit-logs?limit=5', token);
      await call('get', '/api/usage/ai', token);
      await call('put', '/api/settings/ai-keys/openai', token, { key: 'sk-test-0123456789' });
      await call('get', '/api/settings/ai-keys', token);
      await call('delete', '/api/settings/ai-keys/openai', token);
      await call('post', '/api/queue-dashboard/ticket', token);
      // Channels, notifications and outbound webhooks.
      await call('get', '/api/channels', token);
      await call('get', `/api/channels/${tenant.channelId}`, token);
      const sandbox = await call('post', '/api/channels', token, {
        provider: 'sandbox',
        phoneNumberId: 'sandbox-contract',
        displayPhone: '+15550100999',
      });
      expect(sandbox.status).toBe(201);
      await call('delete', `/api/channels/${sandbox.body.id}`, token);
      await call('get', '/api/channels/meta/embedded-signup', token);
      const preferences = await call('get', '/api/notifications/preferences', token);
      await call('put', '/api/notifications/preferences', token, preferences.body.preferences);
      await call('get', '/api/notifications/preferences', key.key);
      const workspace = await call('get', '/api/notifications/workspace', token);
      await call('put', '/api/notifications/workspace', token, workspace.body);
      const hook = await call('post', '/api/webhook-subscriptions', token, {
        url: 'https://93.184.216.34/leadline',
        events: ['lead.captured'],
      });
      expect(hook.status).toBe(201);
      await call('get', '/api/webhook-subscriptions', token);
      await call('delete', `/api/webhook-subscriptions/${hook.body.id}`, token);
      await call('get', '/health', undefined);
      await call('get', '/ready', undefined);

      expect(problems).toEqual([]);
      // Successes and errors of most of these operations were checked, not only one or two.
      expect(new Set(checker.checked).size).toBeGreaterThanOrEqual(20);
      expect(checker.checked).toEqual(
        expect.arrayContaining([
          'POST /api/leads 202',
          'POST /api/leads 400',
          'POST /api/leads 404',
          'POST /api/auth/login 401',
          'GET /api/flows/{id} 404',
          'GET /api/flows 401',
          'GET /api/runs 200',
          'GET /api/runs/{id} 200',
          'POST /api/runs/{id}/cancel 202',
          'GET /api/runs/{id} 404',
          'GET /ready 200',
          'GET /api/activities 200',
          'GET /api/flow-templates 200',
          'GET /api/templates 200',
          'GET /api/templates 400',
          'GET /api/contacts 200',
          'PATCH /api/contacts/{id} 200',
          'POST /api/contacts/{id}/notes 201',
          'GET /api/pipeline/board 200',
          'PUT /api/contacts/{id}/stage 200',
          'GET /api/contacts/{id}/stage-changes 200',
          'GET /api/documents 200',
          'GET /api/contacts/{id}/export 200',
          'GET /api/inbox/conversations 200',
          'GET /api/inbox/conversations/{id} 200',
          'POST /api/inbox/conversations/{id}/messages 202',
          'POST /api/inbox/conversations/{id}/resolve 200',
          'POST /api/inbox/conversations/{id}/resolve 409',
          'GET /api/conversations/{id}/messages 200',
          'PATCH /api/conversations/{id} 200',
          'POST /api/quick-replies 201',
          'GET /api/quick-replies 200',
          'POST /api/segments 201',
          'POST /api/segments 409',
          'GET /api/segments 200',
          'POST /api/campaigns/preview 200',
          'POST /api/campaigns 201',
          'GET /api/campaigns/{id} 200',
          'POST /api/campaigns/{id}/pause 409',
          'POST /api/campaigns/{id}/cancel 200',
          'POST /api/users 201',
          'POST /api/users 409',
          'GET /api/users 200',
          'PATCH /api/users/{id} 200',
          'POST /api/api-keys 201',
          'DELETE /api/api-keys/{id} 200',
          'GET /api/audit-logs 200',
          'GET /api/usage/ai 200',
          'PUT /api/settings/ai-keys/{provider} 200',
          'GET /api/channels 200',
          'POST /api/channels 201',
          'DELETE /api/channels/{id} 204',
          'GET /api/channels/meta/embedded-signup 200',
          'PUT /api/notifications/preferences 200',
          'GET /api/notifications/preferences 403',
          'PUT /api/notifications/workspace 200',
          'POST /api/webhook-subscriptions 201',
          'GET /api/webhook-subscriptions 200',
        ]),
      );
    });
  });
});
