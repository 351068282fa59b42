import { randomUUID } from 'node:crypto';
import { withTenant } from '@leadline/database';
import {
  createDocument,
  databaseDocumentStore,
  DocumentInputError,
  getDocumentContent,
  parseDocumentSettings,
  type CreateDocumentInput,
  type DocumentStore,
} from '../src';
import { seedTenant, startDocumentsDatabase, type DocumentsDatabase } from './support/documents-database';
import { extractPdf } from './support/pdf-text';

const SETTINGS = {
  business: { name: 'Sunrise Solar Lda.', address: 'Rua do Sol 1, Lisboa', bank: 'IBAN: PT50 0000' },
  documents: { quoteValidityDays: 30, paymentTermsDays: 14, taxLabel: 'IVA', timeZone: 'Europe/Lisbon' },
};

describe('createDocument', () => {
  let h: DocumentsDatabase;

  beforeAll(async () => {
    h = await startDocumentsDatabase();
  });

  afterAll(async () => {
    await h.stop();
  });

  async function setup(settings: Record<string, unknown> = SETTINGS) {
    const seeded = await seedTenant(h.prisma, settings);
    const base: CreateDocumentInput = {
      ...seeded,
      kind: 'quote',
      items: [
        { description: 'Panel', quantity: 4, unitPrice: 210.25 }, // 841.00
        { description: 'Fitting', quantity: 1, unitPrice: 99.99 },
      ],
      currency: 'EUR',
      taxRate: 0.23,
      customer: { name: 'Lucía Fernández', phone: '+34600000000' },
      settings: parseDocumentSettings(settings, 'Sunrise Solar'),
      issuedAt: new Date('2026-11-22T10:30:00Z'),
    };
    const create = (overrides: Partial<CreateDocumentInput> = {}, store?: DocumentStore) =>
      withTenant(h.prisma, seeded.tenantId, (tx) => createDocument(tx, { ...base, ...overrides }, store));
    return { ...seeded, base, create };
  }

  it('numbers, renders and stores a quote, and returns what the flow gets', async () => {
    const { tenantId, contactId, create } = await setup();
    const { output, content, created } = await create();
    // subtotal 841.00 + 99.99 = 940.99; IVA 23% = 216.4277 -> 216.43; total 1,157.42
    expect(created).toBe(true);
    expect(output).toEqual({
      documentId: expect.any(String),
      kind: 'quote',
      number: 'Q-2026-0001',
      filename: 'Q-2026-0001.pdf',
      currency: 'EUR',
      subtotalMinor: 94099,
      taxMinor: 21643,
      totalMinor: 115742,
      taxRate: 0.23,
      total: 'EUR 1,157.42',
      issuedOn: '2026-11-22',
      validUntil: '2026-12-22',
    });
    const row = await withTenant(h.prisma, tenantId, (tx) =>
      tx.document.findUniqueOrThrow({ where: { id: output.documentId } }),
    );
    expect(row).toMatchObject({
      tenantId,
      contactId,
      runId: null,
      kind: 'quote',
      number: 'Q-2026-0001',
      currency: 'EUR',
      totalMinor: 115742n,
      filename: 'Q-2026-0001.pdf',
      storageKey: null,
    });
    expect(Buffer.from(row.content ?? []).equals(content)).toBe(true);
    const { lines } = await extractPdf(content);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Number Q-2026-0001',
        'Lucía Fernández',
        'Panel 4 210.25 841.00',
        'Fitting 1 99.99 99.99',
        'Subtotal EUR 940.99',
        'IVA (23%) EUR 216.43',
        'Total EUR 1,157.42',
        'Valid until 22 December 2026',
      ]),
    );
  });

  it('gives invoices their own sequence and a due date from the payment terms', async () => {
    const { create } = await setup();
    await create();
    const { output } = await create({ kind: 'invoice' });
    expect(output).toMatchObject({ number: 'INV-2026-0001', issuedOn: '2026-11-22', dueDate: '2026-12-06' });
    expect(output).not.toHaveProperty('validUntil');
  });

  it('takes the year and the dates from the workspace time zone', async () => {
    const { create } = await setup({ documents: { timeZone: 'Asia/Tokyo', quoteValidityDays: 7 } });
    const { output } = await create({ issuedAt: new Date('2026-12-31T16:00:00Z') });
    expect(output).toMatchObject({ number: 'Q-2027-0001', issuedOn: '2027-01-01', validUntil: '2027-01-08' });
  });

  it('returns the stored document again for the same documentId, without a new number', async () => {
    const { create } = await setup();
    const documentId = randomUUID();
    const first = await create({ documentId });
    const again = await create({ documentId });
    expect(again.created).toBe(false);
    expect(again.output).toEqual(first.output);
    expect(again.content.equals(first.content)).toBe(true);
    expect((await create()).output.number).toBe('Q-2026-0002');
  });

  it('gives the number back when storing fails, and leaves no row', async () => {
    const { tenantId, create } = await setup();
    const failing: DocumentStore = {
      put: async () => {
        throw new Error('storage is down');
      },
      get: databaseDocumentStore.get,
    };
    await expect(create({}, failing)).rejects.toThrow('storage is down');
    expect(await withTenant(h.prisma, tenantId, (tx) => tx.document.count())).toBe(0);
    expect((await create()).output.number).toBe('Q-2026-0001');
  });

  it('checks the items before taking a number', async () => {
    const { create } = await setup();
    await expect(
      create({ items: [{ description: 'Free?', quantity: 1, unitPrice: -1 }] }),
    ).rejects.toBeInstanceOf(DocumentInputError);
    expect((await create()).output.number).toBe('Q-2026-0001');
  });

  it('records the key of a store that keeps files elsewhere, and reads them back through it', async () => {
    const { tenantId, create } = await setup();
    const files = new Map<string, Buffer>();
    const objects: DocumentStore = {
      async put(_tx, ref, bytes) {
        files.set(`documents/${ref.tenantId}/${ref.documentId}.pdf`, bytes);
        return `documents/${ref.tenantId}/${ref.documentId}.pdf`;
      },
      async get(_tx, ref) {
        return ref.storageKey ? files.get(ref.storageKey) : undefined;
      },
    };
    const { output, content } = await create({}, objects);
    const row = await withTenant(h.prisma, tenantId, (tx) =>
      tx.document.findUniqueOrThrow({ where: { id: output.documentId } }),
    );
    expect(row.content).toBeNull();
    expect(row.storageKey).toBe(`documents/${tenantId}/${output.documentId}.pdf`);
    const read = await withTenant(h.prisma, tenantId, (tx) =>
      getDocumentContent(tx, output.documentId, objects),
    );
    expect(read?.content.equals(content)).toBe(true);
  });
});

describe('getDocumentContent', () => {
  let h: DocumentsDatabase;

  beforeAll(async () => {
    h = await startDocumentsDatabase();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('serves a document to its tenant only', async () => {
    const owner = await seedTenant(h.prisma);
    const stranger = await seedTenant(h.prisma);
    const { output, content } = await withTenant(h.prisma, owner.tenantId, (tx) =>
      createDocument(tx, {
        ...owner,
        kind: 'invoice',
        items: [{ description: 'Service', quantity: 1, unitPrice: 50 }],
        currency: 'GBP',
        taxRate: 0.2,
        customer: { name: 'Zoë Ørsted' },
        settings: parseDocumentSettings({}, 'Owner Ltd'),
        issuedAt: new Date('2026-03-01T09:00:00Z'),
      }),
    );
    const mine = await withTenant(h.prisma, owner.tenantId, (tx) =>
      getDocumentContent(tx, output.documentId),
    );
    expect(mine).toEqual({
      documentId: output.documentId,
      contactId: owner.contactId,
      kind: 'invoice',
      number: 'INV-2026-0001',
      filename: 'INV-2026-0001.pdf',
      mimeType: 'application/pdf',
      content,
    });
    expect(
      await withTenant(h.prisma, stranger.tenantId, (tx) => getDocumentContent(tx, output.documentId)),
    ).toBeUndefined();
    expect(
      await withTenant(h.prisma, owner.tenantId, (tx) => getDocumentContent(tx, 'not-a-uuid')),
    ).toBeUndefined();
    expect(
      await withTenant(h.prisma, owner.tenantId, (tx) => getDocumentContent(tx, randomUUID())),
    ).toBeUndefined();
  });
});
