import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPrismaClient,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { createProviderFactory, EmbeddedEngine, EngineClient, systemClock } from '@leadline/engine';
import { createTestDatabase, testRedisConnection, type TestDatabase } from '@leadline/testing';
import type { MessageEvent } from '@leadline/whatsapp';
import { FakeMetaGraph, type SentMessage } from '../../../../../tools/fake-whatsapp';
import { createDocumentActivity } from './document-activity.handler';

const FLOW = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'flows', 'quote-request.flow.json'), 'utf8'),
) as Record<string, unknown>;

const META_PHONE = {
  id: '100000000000201',
  displayPhoneNumber: '15550003333',
  wabaId: '200000000000201',
  tokens: ['quote-flow-token'],
};
const CUSTOMER = { phone: '+34600111222', waId: '34600111222', name: 'Lucía Fernández' };

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('quote-request flow over the embedded engine and a Meta channel: the PDF goes out as a document', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let graph: FakeMetaGraph;
  let engine: EmbeddedEngine;
  let client: EngineClient;
  let tenantId: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    graph = new FakeMetaGraph({ phoneNumbers: [META_PHONE] });
    await graph.start();
    const tenant = await prisma.tenant.create({
      data: {
        slug: `t-${randomUUID().slice(0, 8)}`,
        name: 'Sunrise Solar',
        settings: {
          business: { name: 'Sunrise Solar Lda.', address: 'Rua do Sol 1, 1100-001 Lisboa' },
          documents: { taxLabel: 'IVA', timeZone: 'Europe/Lisbon' },
        },
      },
    });
    tenantId = tenant.id;
    await withTenant(prisma, tenantId, async (tx) => {
      await tx.channel.create({
        data: {
          tenantId,
          provider: 'meta',
          phoneNumberId: META_PHONE.id,
          wabaId: META_PHONE.wabaId,
          displayPhone: `+${META_PHONE.displayPhoneNumber}`,
          status: 'active',
          encryptedCredentials: Buffer.from('sealed'),
        },
      });
      await publishFlowVersion(tx, {
        tenantId,
        key: String(FLOW.id),
        name: String(FLOW.name),
        definition: FLOW as Prisma.InputJsonValue,
      });
    });
    const providers = createProviderFactory({
      meta: { graphUrl: graph.url, graphVersion: 'v25.0' },
      twilio: { apiUrl: 'http://127.0.0.1:9' },
      publicUrl: 'http://127.0.0.1:3000',
      openCredentials: () => ({ accessToken: META_PHONE.tokens[0] }),
    });
    engine = new EmbeddedEngine({
      prisma,
      redis: testRedisConnection(),
      providers,
      activities: { document: createDocumentActivity({ prisma, providers }) },
      queuePrefix: `test-docs-${randomUUID().slice(0, 8)}`,
      sweepIntervalMs: 250,
      channelPollMs: 250,
      onError: (error) => errors.push(error),
    });
    await engine.start();
    client = new EngineClient(prisma, engine.queue, systemClock);
  });

  afterAll(async () => {
    await engine.stop();
    await graph.stop();
    await prisma.$disconnect();
    await db.drop();
  });

  let counter = 0;
  function inbound(
    message: { type: 'text'; text: string } | { type: 'list' | 'button'; buttonId: string; text: string },
  ) {
    counter += 1;
    graph.openWindow(CUSTOMER.waId);
    const event: MessageEvent = {
      kind: 'message',
      channel: { provider: 'meta', phoneNumberId: META_PHONE.id },
      contact: { waId: CUSTOMER.waId, phone: CUSTOMER.phone, name: CUSTOMER.name },
      message: {
        providerMessageId: `wamid.in.${counter}.${randomUUID()}`,
        at: new Date().toISOString(),
        ...message,
      },
    };
    return client.ingest(event);
  }

  const sent = (count: number) =>
    waitFor(`${count} messages to the customer`, () => {
      const messages = graph.received(CUSTOMER.waId);
      return messages.length >= count ? messages : undefined;
    });

  it('uploads the quote, sends it with its number as caption, then asks for a decision', async () => {
    await inbound({ type: 'text', text: 'Hola! Can I get a quote?' });
    await sent(1);
    await inbound({ type: 'list', buttonId: 'family', text: 'Family 6 kW' });
    await sent(2);
    await inbound({ type: 'button', buttonId: 'yes', text: 'Yes, add battery' });
    const messages: SentMessage[] = await sent(4);

    const document = messages[2];
    expect(document.type).toBe('document');
    const body = document.body as { document: { id: string; filename: string; caption: string } };
    expect(body.document).toEqual({
      id: expect.any(String),
      filename: 'Q-2026-0001.pdf',
      caption: 'Your quote Q-2026-0001',
    });
    expect(messages[3].body).toMatchObject({
      type: 'interactive',
      interactive: { body: { text: 'Here is your quote, Lucía Fernández. Would you like to go ahead?' } },
    });

    const row = await withTenant(prisma, tenantId, (tx) =>
      tx.document.findFirstOrThrow({ include: { run: true } }),
    );
    // Family 7,900.00 + installation 650.00 + battery 3,199.99 = 11,749.99; IVA 6% = 704.9994 -> 705.00
    expect(row).toMatchObject({ number: 'Q-2026-0001', currency: 'EUR', totalMinor: 1245499n });
    expect(row.run?.vars).toMatchObject({ quote: { number: 'Q-2026-0001', total: 'EUR 12,454.99' } });
    const uploaded = graph.media(body.document.id);
    expect(uploaded?.mimeType).toBe('application/pdf');
    expect(uploaded?.bytes.equals(Buffer.from(row.content ?? []))).toBe(true);
    expect(errors).toEqual([]);
  });
});
