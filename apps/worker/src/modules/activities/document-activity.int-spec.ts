import { randomUUID } from 'node:crypto';
import {
  createPrismaClient,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { createProviderFactory, RetryLaterError, type ActivityJob } from '@leadline/engine';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { MetaCloudProvider } from '@leadline/whatsapp';
import { DEFAULT_META_PHONE, FakeMetaGraph } from '../../../../../tools/fake-whatsapp';
import { createDocumentActivity, documentIdFor } from './document-activity.handler';

const NOW = new Date('2026-11-22T10:30:00Z');
const PHONE = '+351912345678';

/** One business number per Meta channel the tests create (channels are unique by number). */
const META_PHONES = Array.from({ length: 8 }, (_, index) => ({
  id: `10000000000010${index}`,
  displayPhoneNumber: `1555000200${index}`,
  wabaId: DEFAULT_META_PHONE.wabaId,
  tokens: [`token-${index}`],
}));

const SETTINGS = {
  business: { name: 'Sunrise Solar Lda.', address: 'Rua do Sol 1, Lisboa', bank: 'IBAN: PT50 0000' },
  documents: { taxLabel: 'IVA', timeZone: 'Europe/Lisbon' },
};

type DocumentRequest = Extract<ActivityJob['request'], { kind: 'document' }>;

describe('document activity (PostgreSQL + loopback Meta Graph)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let graph: FakeMetaGraph;
  let handler: ReturnType<typeof createDocumentActivity>;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    graph = new FakeMetaGraph({ phoneNumbers: META_PHONES });
    await graph.start();
    handler = createDocumentActivity({
      prisma,
      providers: createProviderFactory({
        meta: { graphUrl: graph.url, graphVersion: 'v25.0' },
        twilio: { apiUrl: 'http://127.0.0.1:9' },
        publicUrl: 'http://127.0.0.1:3000',
        openCredentials: (sealed) => ({ accessToken: Buffer.from(sealed).toString('utf8') }),
      }),
      clock: { now: () => NOW },
    });
  });

  afterAll(async () => {
    await graph.stop();
    await prisma.$disconnect();
    await db.drop();
  });

  let metaChannels = 0;

  /** A tenant with one contact in a run of a flow, talking on a channel of the given provider. */
  async function world(
    provider: 'meta' | 'sandbox',
    options: { settings?: Record<string, unknown>; credentials?: boolean } = {},
  ) {
    const tenant = await prisma.tenant.create({
      data: {
        slug: `t-${randomUUID().slice(0, 8)}`,
        name: 'Sunrise',
        settings: (options.settings ?? SETTINGS) as Prisma.InputJsonValue,
      },
    });
    const tenantId = tenant.id;
    const phone = META_PHONES[metaChannels++ % META_PHONES.length];
    return withTenant(prisma, tenantId, async (tx) => {
      const channel = await tx.channel.create({
        data: {
          tenantId,
          provider,
          phoneNumberId: provider === 'meta' ? phone.id : `sandbox-${randomUUID().slice(0, 8)}`,
          wabaId: provider === 'meta' ? phone.wabaId : null,
          displayPhone: '+15550001111',
          status: 'active',
          encryptedCredentials:
            provider === 'meta' && options.credentials !== false ? Buffer.from(phone.tokens[0]) : null,
        },
      });
      const contact = await tx.contact.create({
        data: { tenantId, phone: PHONE, name: 'João Gonçalves', fields: { company: 'Zoë & Ørsted Lda.' } },
      });
      const conversation = await tx.conversation.create({
        data: { tenantId, contactId: contact.id, channelId: channel.id },
      });
      const flow = await publishFlowVersion(tx, {
        tenantId,
        key: 'quote-request',
        name: 'Quote',
        definition: { id: 'quote-request' },
      });
      const run = await tx.flowRun.create({
        data: {
          tenantId,
          flowId: flow.flowId,
          flowVersionId: flow.versionId,
          contactId: contact.id,
          conversationId: conversation.id,
          status: 'waiting',
        },
      });
      const job = (request: Partial<DocumentRequest> = {}, requestId = 'call.1'): ActivityJob => ({
        tenantId,
        contactId: contact.id,
        runId: run.id,
        requestId,
        nodeId: 'quote',
        request: {
          kind: 'document',
          documentKind: 'quote',
          items: [
            { description: 'Solar package Family 6 kW', quantity: 1, unitPrice: 7900 },
            { description: 'Home battery 10 kWh', quantity: 1, unitPrice: 3199.99 },
          ],
          currency: 'EUR',
          taxRate: 0.06,
          caption: 'Your quote',
          contact: { name: 'João', phone: PHONE },
          ...request,
        },
      });
      return { tenantId, contactId: contact.id, runId: run.id, phone, job };
    });
  }

  const documents = (tenantId: string) =>
    withTenant(prisma, tenantId, (tx) => tx.document.findMany({ orderBy: { number: 'asc' } }));

  it('makes the quote on a sandbox channel without uploading anything', async () => {
    const { tenantId, contactId, runId, job } = await world('sandbox');
    const uploads = graph.uploadedMedia().length;
    const outcome = await handler(job());
    // 7,900.00 + 3,199.99 = 11,099.99; IVA 6% = 665.9994 -> 666.00; total 11,765.99
    expect(outcome).toEqual({
      ok: true,
      output: {
        documentId: documentIdFor(job()),
        kind: 'quote',
        number: 'Q-2026-0001',
        filename: 'Q-2026-0001.pdf',
        currency: 'EUR',
        subtotalMinor: 1109999,
        taxMinor: 66600,
        totalMinor: 1176599,
        taxRate: 0.06,
        total: 'EUR 11,765.99',
        issuedOn: '2026-11-22',
        validUntil: '2026-12-22',
      },
    });
    const [row] = await documents(tenantId);
    expect(row).toMatchObject({ contactId, runId, kind: 'quote', totalMinor: 1176599n, currency: 'EUR' });
    expect(
      Buffer.from(row.content ?? [])
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect(graph.uploadedMedia()).toHaveLength(uploads);
  });

  it('uploads the PDF for a Meta channel and returns media:<id>, which the send maps to a document', async () => {
    const { tenantId, phone, job } = await world('meta');
    const outcome = await handler(job());
    expect(outcome.ok).toBe(true);
    const output = (outcome as { output: { url: string; documentId: string; filename: string } }).output;
    expect(output.url).toMatch(/^media:\S+$/);
    const mediaId = output.url.slice('media:'.length);
    const uploaded = graph.media(mediaId);
    const [row] = await documents(tenantId);
    expect(uploaded).toMatchObject({ mimeType: 'application/pdf', filename: 'Q-2026-0001.pdf' });
    expect(uploaded?.bytes.equals(Buffer.from(row.content ?? []))).toBe(true);

    // What the document node then sends (see flow-core's document node), through the real provider.
    const provider = new MetaCloudProvider({
      graphUrl: graph.url,
      graphVersion: 'v25.0',
      phoneNumberId: phone.id,
      wabaId: phone.wabaId,
      accessToken: phone.tokens[0],
    });
    graph.openWindow(PHONE.slice(1));
    const { providerMessageId } = await provider.send(
      PHONE,
      {
        type: 'document',
        documentId: output.documentId,
        filename: output.filename,
        caption: 'Your quote',
        url: output.url,
      },
      { idempotencyKey: 'effect-1' },
    );
    expect(graph.message(providerMessageId)?.body).toMatchObject({
      type: 'document',
      document: { id: mediaId, filename: 'Q-2026-0001.pdf', caption: 'Your quote' },
    });
  });

  it('returns the same document when the job runs again, and only uploads again', async () => {
    const { tenantId, job } = await world('meta');
    const first = await handler(job());
    const second = await handler(job());
    const output = (outcome: typeof first) => (outcome as { output: Record<string, unknown> }).output;
    expect(output(second).number).toBe('Q-2026-0001');
    expect(output(second).documentId).toBe(output(first).documentId);
    expect(await documents(tenantId)).toHaveLength(1);
    const another = await handler(job({}, 'call.2'));
    expect(output(another).number).toBe('Q-2026-0002');
  });

  it('retries a failed upload later, keeping the document and its number', async () => {
    const { tenantId, job } = await world('meta');
    graph.failNext(1, { httpStatus: 503, code: 2, route: 'media' });
    await expect(handler(job())).rejects.toBeInstanceOf(RetryLaterError);
    expect((await documents(tenantId)).map((d) => d.number)).toEqual(['Q-2026-0001']);
    const retried = await handler(job());
    expect(retried).toMatchObject({
      ok: true,
      output: { number: 'Q-2026-0001', url: expect.stringMatching(/^media:/) },
    });
    expect(await documents(tenantId)).toHaveLength(1);
  });

  it('fails the step when Meta refuses the upload for good', async () => {
    const { job } = await world('meta');
    graph.failNext(1, { httpStatus: 400, code: 100, message: 'Invalid parameter', route: 'media' });
    expect(await handler(job())).toEqual({
      ok: false,
      error: {
        code: 'DOCUMENT_FAILED',
        message: expect.stringContaining('WhatsApp refused the upload of Q-2026-0001.pdf'),
      },
    });
  });

  it('fails the step when the Meta channel has no credentials', async () => {
    const { job } = await world('meta', { credentials: false });
    expect(await handler(job())).toEqual({
      ok: false,
      error: { code: 'DOCUMENT_FAILED', message: expect.stringContaining('has no credentials') },
    });
  });

  it('fails the step on unusable settings, naming the setting, without taking a number', async () => {
    const { tenantId, job } = await world('sandbox', {
      settings: { documents: { quoteValidityDays: -3 } },
    });
    expect(await handler(job())).toEqual({
      ok: false,
      error: {
        code: 'DOCUMENT_FAILED',
        message: expect.stringMatching(/^settings\.documents\.quoteValidityDays:/),
      },
    });
    await withTenant(prisma, tenantId, async (tx) => {
      expect(await tx.document.count()).toBe(0);
      expect(await tx.documentSequence.count()).toBe(0);
    });
  });

  it('fails the step on items that cannot be totalled', async () => {
    const { job } = await world('sandbox');
    const outcome = await handler(job({ items: [{ description: 'Refund', quantity: 1, unitPrice: -20 }] }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'DOCUMENT_FAILED' } });
  });

  it('fails the step when the contact was erased meanwhile', async () => {
    const { tenantId, contactId, job } = await world('sandbox');
    await withTenant(prisma, tenantId, (tx) => tx.contact.delete({ where: { id: contactId } }));
    expect(await handler(job())).toEqual({
      ok: false,
      error: { code: 'DOCUMENT_FAILED', message: 'The contact no longer exists.' },
    });
  });
});
