import { Readable } from 'node:stream';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { ImportFileError, importContacts } from '../src';

const csv = (text: string) => Readable.from([text]);

describe("importContacts: a CSV streamed into a workspace's contacts", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let tenantId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    tenantId = (await prisma.tenant.create({ data: { slug: 'importer', name: 'Importer' } })).id;
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const contact = (phone: string) =>
    withTenant(prisma, tenantId, (tx) =>
      tx.contact.findUnique({ where: { tenantId_phone: { tenantId, phone } } }),
    );

  it('normalises national numbers with the default country, maps columns and reports every bad line', async () => {
    const report = await importContacts(
      prisma,
      tenantId,
      csv(
        [
          'Phone,Full Name,E-mail,Tags,Company',
          '912 345 678,Rita Lopes,rita@example.com,vip;lisbon,Acme',
          '+44 7400 123456,John Smith,,uk,',
          ',No Phone,,,',
          '12,Too Short,,,',
          '913 000 111,Bad Mail,not-an-email,,',
          '914 000 222,"Unclosed quote,,,',
          '',
        ].join('\n'),
      ),
      { defaultCountry: 'PT', tags: ['imported'] },
    );
    expect(report.imported).toBe(2);
    expect(report.updated).toBe(0);
    expect(report.rejected.map((r) => r.line)).toEqual([4, 5, 6, 7]);
    expect(report.rejected[0].reason).toBe('no phone number');
    expect(report.rejected[1].reason).toMatch(/"12" is not a valid phone number \(default country PT\)/);
    expect(report.rejected[2].reason).toMatch(/not a valid e-mail/);
    expect(report.rejected[3].reason).toMatch(/CSV/);

    const rita = await contact('+351912345678');
    expect(rita).toMatchObject({
      name: 'Rita Lopes',
      fields: { email: 'rita@example.com', company: 'Acme' },
      optInState: 'unknown',
    });
    expect(rita?.tags.sort()).toEqual(['imported', 'lisbon', 'vip']);
    expect(await contact('+447400123456')).toMatchObject({ name: 'John Smith', tags: ['imported', 'uk'] });
  });

  it('merges duplicates into existing contacts and never turns an opt-out back into an opt-in', async () => {
    await withTenant(prisma, tenantId, (tx) =>
      tx.contact.create({
        data: {
          tenantId,
          phone: '+351961111111',
          name: 'Old Name',
          tags: ['old'],
          fields: { city: 'Porto' },
          optInState: 'opted_out',
          optedOutAt: new Date('2026-01-01T00:00:00Z'),
        },
      }),
    );
    const report = await importContacts(
      prisma,
      tenantId,
      csv(
        [
          'phone,name,opt_in_source,opt_in_at,plan',
          '+351961111111,New Name,website,2026-02-01T10:00:00Z,gold',
          '+351962222222,Ana,,,silver',
          '00351 962 222 222,Ana Maria,,,',
          '+351963333333,Bruno,,yesterday,',
        ].join('\n'),
      ),
      { optIn: 'fair stand' },
    );
    expect(report).toEqual({
      imported: 1,
      updated: 2,
      rejected: [{ line: 5, reason: expect.stringMatching(/opt-in time "yesterday" is not a date/) }],
    });
    const optedOut = await contact('+351961111111');
    expect(optedOut).toMatchObject({
      name: 'New Name',
      optInState: 'opted_out',
      optedInAt: null,
      fields: { city: 'Porto', plan: 'gold' },
    });
    expect(optedOut?.tags).toEqual(['old']);
    const ana = await contact('+351962222222');
    expect(ana).toMatchObject({
      name: 'Ana Maria',
      optInState: 'opted_in',
      fields: { plan: 'silver', opt_in_source: 'fair stand' },
    });
  });

  it('refuses a file without a phone column, naming the headers it found', async () => {
    await expect(importContacts(prisma, tenantId, csv('name,city\nAna,Porto\n'), {})).rejects.toThrow(
      ImportFileError,
    );
    await expect(importContacts(prisma, tenantId, csv('name,city\nAna,Porto\n'), {})).rejects.toThrow(
      /no phone column.*"name", "city"/,
    );
  });

  it("keeps another workspace's contacts apart", async () => {
    const other = await prisma.tenant.create({ data: { slug: 'other', name: 'Other' } });
    const report = await importContacts(
      prisma,
      other.id,
      csv('phone,name\n+351912345678,Someone Else\n'),
      {},
    );
    expect(report.imported).toBe(1);
    expect((await contact('+351912345678'))?.name).toBe('Rita Lopes');
  });
});
