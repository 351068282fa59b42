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

const DEPLOYMENT_SECRET = 'the-deployments-own-meta-app-secret';

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
  const logs = new LogCapture();

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    // A long batch window, so that concurrent webhooks share batches.
    const config = testConfig({
      DATABASE_URL: db.url,
      INGEST_BATCH_MS: '50',
      LOG_LEVEL: 'info',
      META_APP_SECRET: DEPLOYMENT_SECRET,
    });
    a = await seedWebhookWorkspace(prisma, config.security.encryptionKey, 1);
    app = await createApiApp(config, { logDestination: logs });
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

  /**
   * Issue 21, third round: the two webhook POSTs are answered by a lean node:http route ahead of
   * Express and Nest (lean-webhook-route.ts); everything else still reaches Nest.
   */
  describe('the lean webhook route', () => {
    const postRaw = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
      request(app.getHttpServer())
        .post(path)
        .set({ 'Content-Type': 'application/json', ...headers })
        .send(body);
    const inbound = () => prisma.message.count({ where: { tenantId: a.tenantId, direction: 'in' } });

    it('checks the signature before it parses: not JSON is 401 unsigned or signed by anyone else, 400 only when signed', async () => {
      const before = await inbound();
      const notJson = '{"object":"whatsapp_business_account","entry":[';
      const unsigned = await postRaw('/webhooks/meta', notJson);
      expect(unsigned.status).toBe(401);
      expect(unsigned.body.error.code).toBe('INVALID_SIGNATURE');
      const forged = await postRaw('/webhooks/meta', notJson, {
        'X-Hub-Signature-256': metaSignatureHeader(notJson, 'not-a-secret-we-know'),
      });
      expect(forged.status).toBe(401);
      expect(forged.body.error.code).toBe('INVALID_SIGNATURE');
      const signed = await postRaw('/webhooks/meta', notJson, {
        'X-Hub-Signature-256': metaSignatureHeader(notJson, DEPLOYMENT_SECRET),
      });
      expect(signed.status).toBe(400);
      expect(signed.body.error).toMatchObject({
        code: 'MALFORMED_WEBHOOK',
        message: expect.stringMatching(/JSON/),
      });

      // A well-formed message under a bad signature is refused and leaves nothing behind.
      const body = metaEnvelope([
        {
          id: a.meta.wabaId,
          changes: [metaTextChange(a.meta.phoneNumberId, '351918990001', 'wamid.lean.bad', 'x')],
        },
      ]);
      const bad = await postRaw('/webhooks/meta', body, {
        'X-Hub-Signature-256': metaSignatureHeader(body, 'not-a-secret-we-know'),
      });
      expect(bad.status).toBe(401);
      expect(await stored('wamid.lean.bad')).toBe(0);
      expect(await inbound()).toBe(before);
    });

    it('refuses a body over 3 MB with 413 PAYLOAD_TOO_LARGE, the request id in header and body', async () => {
      const before = await inbound();
      const huge = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [],
        pad: 'x'.repeat(3_200_000),
      });
      const res = await postRaw('/webhooks/meta', huge, {
        'X-Hub-Signature-256': metaSignatureHeader(huge, DEPLOYMENT_SECRET),
        'X-Request-Id': 'lean-413-check',
      });
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', requestId: 'lean-413-check' });
      expect(res.headers['x-request-id']).toBe('lean-413-check');
      expect(await inbound()).toBe(before);
    });

    it('leaves every other request to Nest: the GET handshake, other paths, other methods', async () => {
      const handshake = await request(app.getHttpServer()).get(
        '/webhooks/meta?hub.mode=subscribe&hub.verify_token=guessed&hub.challenge=1',
      );
      expect(handshake.status).toBe(403);
      expect(handshake.body.error.code).toBe('VERIFY_TOKEN_MISMATCH');
      const elsewhere = await postRaw('/webhooks/meta/extra', '{}');
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.error.code).toBe('NOT_FOUND');
      const put = await request(app.getHttpServer()).put('/webhooks/meta').send('{}');
      expect(put.status).toBe(404);
      // Nest's requests keep pino-http's line per request.
      expect(logs.lines.map((line) => line.msg)).toEqual(
        expect.arrayContaining(['GET /webhooks/meta 403', 'POST /webhooks/meta/extra 404']),
      );
    });

    it('logs one line per batch, not per webhook, and keeps the request metric of the route', async () => {
      const scrape = async () => (await request(app.getHttpServer()).get('/metrics')).text;
      const okCount = (text: string) =>
        text
          .split('\n')
          .filter((line) => line.startsWith('http_request_duration_seconds_count{'))
          .filter((line) => line.includes('route="/webhooks/meta"') && line.includes('status="200"'))
          .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
      const metricsBefore = okCount(await scrape());
      const linesBefore = logs.lines.length;
      const wamids = Array.from({ length: 6 }, (_, i) => `wamid.lean.log.${i}`);
      const answers = await Promise.all(
        wamids.map((wamid, i) => post(`35191870${String(i).padStart(4, '0')}`, wamid, `hi ${i}`)),
      );
      expect(answers.map((r) => r.status)).toEqual(wamids.map(() => 200));
      expect(answers.every((r) => typeof r.headers['x-request-id'] === 'string')).toBe(true);
      const lines = logs.lines.slice(linesBefore);
      expect(lines.filter((line) => String(line.msg).startsWith('POST /webhooks/meta'))).toEqual([]);
      const batches = lines.filter((line) => line.msg === 'ingest batch committed');
      expect(batches.length).toBeGreaterThanOrEqual(1);
      expect(batches.length).toBeLessThanOrEqual(wamids.length);
      expect(batches.reduce((sum, line) => sum + Number(line.events), 0)).toBe(wamids.length);
      expect(okCount(await scrape()) - metricsBefore).toBe(wamids.length);
    });
  });
});
