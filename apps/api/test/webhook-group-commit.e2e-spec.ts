import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { LogCapture } from './support/log-capture';
import { testConfig } from './support/test-config';
import {
  metaEnvelope,
  metaSignatureHeader,
  metaTextChange,
  seedWebhookWorkspace,
  type WebhookWorkspace,
} from './support/webhook-seed';

/**
 * Issue 21: webhooks are written by group commit. Whatever batch a webhook lands in, a 200 means
 * its event is already in PostgreSQL, and a webhook whose batch failed is answered 5xx (so Meta
 * retries it) with nothing of it written.
 */
describe('webhooks: group commit answers 200 only for what is committed', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let a: WebhookWorkspace;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    // A long batch window, so that concurrent webhooks share batches.
    const config = testConfig({ DATABASE_URL: db.url, INGEST_BATCH_MS: '50' });
    a = await seedWebhookWorkspace(prisma, config.security.encryptionKey, 1);
    app = await createApiApp(config, { logDestination: new LogCapture() });
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const post = (from: string, wamid: string, text: string) => {
    const body = metaEnvelope([
      { id: a.meta.wabaId, changes: [metaTextChange(a.meta.phoneNumberId, from, wamid, text)] },
    ]);
    return request(app.getHttpServer())
      .post('/webhooks/meta')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', metaSignatureHeader(body, a.meta.appSecret))
      .send(body);
  };

  const stored = async (wamid: string) =>
    (await prisma.message.count({ where: { providerMessageId: wamid } })) +
    (await prisma.contactEvent.count({ where: { dedupeKey: `in.${a.meta.channelId}.${wamid}` } }));

  it('has every acknowledged webhook stored by the time it is answered', async () => {
    const wamids = Array.from({ length: 20 }, (_, i) => `wamid.gc.ok.${i}`);
    const answers = await Promise.all(
      wamids.map((wamid, i) => post(`35191880${String(i).padStart(4, '0')}`, wamid, `hello ${i}`)),
    );
    expect(answers.map((r) => r.status)).toEqual(wamids.map(() => 200));
    for (const wamid of wamids) expect(await stored(wamid)).toBe(2);
  });

  it('answers 5xx, with nothing written, for the webhooks of a batch whose transaction failed', async () => {
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.payload::text LIKE '%POISON%' THEN RAISE EXCEPTION 'poisoned event'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON contact_events FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    try {
      const wamids = Array.from({ length: 10 }, (_, i) => `wamid.gc.fail.${i}`);
      const answers = await Promise.all(
        wamids.map((wamid, i) =>
          post(`35191890${String(i).padStart(4, '0')}`, wamid, i === 4 ? 'POISON' : `hello ${i}`),
        ),
      );
      expect(answers[4].status).toBeGreaterThanOrEqual(500);
      // Whichever batches the webhooks landed in: answered 200 exactly when stored, in full.
      for (const [i, wamid] of wamids.entries()) {
        expect({ wamid, stored: await stored(wamid) }).toEqual({
          wamid,
          stored: answers[i].status === 200 ? 2 : 0,
        });
        if (answers[i].status !== 200) expect(answers[i].status).toBeGreaterThanOrEqual(500);
      }
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_poison ON contact_events`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION refuse_poison()`);
    }
    // Meta's retry of the poisoned batch's other webhooks is then accepted.
    expect((await post('351918900000', 'wamid.gc.fail.0', 'hello 0')).status).toBe(200);
    expect(await stored('wamid.gc.fail.0')).toBe(2);
  });
});
