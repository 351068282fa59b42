import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { readTenantSecret } from '@leadline/ai';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { testConfig } from './support/test-config';
import { seedWorkspace, tokenFor, type Workspace } from './support/workspace-seed';

describe('workspace settings: quick replies and AI keys', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: Workspace;
  let globex: Workspace;
  let config: ReturnType<typeof testConfig>;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedWorkspace(prisma);
    globex = await seedWorkspace(prisma);
    config = testConfig({ DATABASE_URL: db.url });
    app = await createApiApp(config);
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const as = (role: 'owner' | 'admin' | 'agent' | 'viewer', workspace = acme) => {
    const token = tokenFor(app, workspace, role);
    const server = () => request(app.getHttpServer());
    return {
      get: (path: string) => server().get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string, body: object) =>
        server().post(path).set('Authorization', `Bearer ${token}`).send(body),
      put: (path: string, body: object) =>
        server().put(path).set('Authorization', `Bearer ${token}`).send(body),
      delete: (path: string) => server().delete(path).set('Authorization', `Bearer ${token}`),
    };
  };

  describe('quick replies', () => {
    it('are kept by admins, read by agents, unique by title, and stay in their workspace', async () => {
      const hours = await as('admin')
        .post('/api/quick-replies', {
          title: 'Opening hours',
          body: 'We are open 9:00–18:00, Monday to Friday.',
        })
        .expect(201);
      await as('owner')
        .post('/api/quick-replies', { title: 'Prices', body: 'Our prices start at €4,900.' })
        .expect(201);
      const dup = await as('admin')
        .post('/api/quick-replies', { title: 'Opening hours', body: 'x' })
        .expect(409);
      expect(dup.body.error.code).toBe('QUICK_REPLY_EXISTS');
      const empty = await as('admin').post('/api/quick-replies', { title: ' ', body: '' }).expect(400);
      expect(empty.body.error.code).toBe('VALIDATION_FAILED');
      await as('agent').post('/api/quick-replies', { title: 'Mine', body: 'x' }).expect(403);

      const listed = await as('agent').get('/api/quick-replies').expect(200);
      expect(listed.body.map((row: { title: string }) => row.title)).toEqual(['Opening hours', 'Prices']);
      await as('viewer').get('/api/quick-replies').expect(200);
      await expect(as('agent', globex).get('/api/quick-replies')).resolves.toMatchObject({ body: [] });

      const changed = await as('admin')
        .put(`/api/quick-replies/${hours.body.id}`, { title: 'Opening hours', body: 'Open 8:00–20:00.' })
        .expect(200);
      expect(changed.body).toMatchObject({ title: 'Opening hours', body: 'Open 8:00–20:00.' });
      await as('admin', globex)
        .put(`/api/quick-replies/${hours.body.id}`, { title: 'Stolen', body: 'x' })
        .expect(404);
      await as('admin', globex).delete(`/api/quick-replies/${hours.body.id}`).expect(404);
      await as('admin').delete(`/api/quick-replies/${hours.body.id}`).expect(204);
      const after = await as('agent').get('/api/quick-replies').expect(200);
      expect(after.body.map((row: { title: string }) => row.title)).toEqual(['Prices']);
    });
  });

  describe('AI keys', () => {
    const box = () =>
      createSecretBoxFromBase64Keys({
        current: config.security.encryptionKey,
        previous: config.security.previousEncryptionKeys,
      });

    it('sets a key sealed (never shown back), with its model, and removes it; owners and admins only', async () => {
      const before = await as('owner').get('/api/settings/ai-keys').expect(200);
      expect(before.body).toEqual([
        { provider: 'openai', set: false, updatedAt: null, model: null, serverKey: false },
        { provider: 'gemini', set: false, updatedAt: null, model: null, serverKey: false },
      ]);
      const key = 'sk-test-abcdefghijklmnop';
      const set = await as('admin')
        .put('/api/settings/ai-keys/openai', { key, model: 'gpt-4o-mini' })
        .expect(200);
      expect(JSON.stringify(set.body)).not.toContain(key);
      expect(set.body[0]).toMatchObject({ provider: 'openai', set: true, model: 'gpt-4o-mini' });

      const stored = await withTenant(prisma, acme.tenant.id, async (tx) => ({
        value: await readTenantSecret(tx, box(), 'openai_api_key'),
        raw: await tx.tenantSecret.findFirstOrThrow({ where: { name: 'openai_api_key' } }),
        tenant: await tx.tenant.findUniqueOrThrow({ where: { id: acme.tenant.id } }),
        audit: await tx.auditLog.findMany({ where: { action: 'ai_key.set' } }),
      }));
      expect(stored.value).toBe(key);
      expect(Buffer.from(stored.raw.sealed).toString('latin1')).not.toContain(key);
      expect(stored.tenant.settings).toMatchObject({ ai: { openaiModel: 'gpt-4o-mini' } });
      expect(JSON.stringify(stored.audit)).not.toContain(key);

      // Agents and viewers can neither read nor change them; another workspace sees none.
      await as('agent').get('/api/settings/ai-keys').expect(403);
      await as('agent').put('/api/settings/ai-keys/openai', { key: 'sk-agent-key-123456' }).expect(403);
      await as('viewer').delete('/api/settings/ai-keys/openai').expect(403);
      const other = await as('owner', globex).get('/api/settings/ai-keys').expect(200);
      expect(other.body[0].set).toBe(false);

      const bad = await as('owner')
        .put('/api/settings/ai-keys/openai', { key: 'two words here' })
        .expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      await as('owner').put('/api/settings/ai-keys/claude', { key: 'sk-test-abcdefghij' }).expect(404);

      const removed = await as('owner').delete('/api/settings/ai-keys/openai').expect(200);
      expect(removed.body[0]).toMatchObject({ provider: 'openai', set: false });
      await as('owner').delete('/api/settings/ai-keys/openai').expect(404);
      await expect(
        withTenant(prisma, acme.tenant.id, (tx) => readTenantSecret(tx, box(), 'openai_api_key')),
      ).resolves.toBeUndefined();
    });
  });
});
