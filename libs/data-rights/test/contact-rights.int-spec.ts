import { withTenant } from '@leadline/database';
import {
  CONTACT_EXPORT_DERIVED,
  CONTACT_EXPORT_SECTIONS,
  eraseContact,
  exportContact,
  tablesWithContactId,
  type ContactExport,
} from '../src';
import { useTestPrisma } from './support/test-prisma';
import { seedContact, seedTenant, type SeededContact } from './support/seed-contact';

const prisma = useTestPrisma();

/** Every table with a contact_id column, read from the catalogue (system client). */
async function contactTables(): Promise<string[]> {
  return prisma().$transaction((tx) => tablesWithContactId(tx));
}

/**
 * How many rows of each table belong to the contact: every contact_id table, and the rows that only
 * point at the contact through its runs, messages or outbound events.
 */
async function rowsOf(seeded: SeededContact): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const count = async (label: string, sql: string, ...params: unknown[]) => {
    const [row] = await prisma().$queryRawUnsafe<Array<{ n: bigint }>>(sql, ...params);
    counts[label] = Number(row!.n);
  };
  for (const table of await contactTables()) {
    await count(table, `SELECT count(*) AS n FROM "${table}" WHERE contact_id = $1::uuid`, seeded.contactId);
  }
  await count('contacts', 'SELECT count(*) AS n FROM contacts WHERE id = $1::uuid', seeded.contactId);
  await count(
    'run_events',
    'SELECT count(*) AS n FROM run_events WHERE run_id = ANY($1::uuid[])',
    seeded.runIds,
  );
  await count(
    'ai_usage(run)',
    'SELECT count(*) AS n FROM ai_usage WHERE run_id = ANY($1::uuid[])',
    seeded.runIds,
  );
  await count(
    'messages(run)',
    'SELECT count(*) AS n FROM messages WHERE run_id = ANY($1::uuid[])',
    seeded.runIds,
  );
  await count(
    'outbox',
    `SELECT count(*) AS n FROM outbox WHERE payload->>'contactId' = $1 OR payload->>'runId' = ANY($2::text[])
       OR payload->'messageIds' ?| $3::text[]`,
    seeded.contactId,
    seeded.runIds,
    seeded.messageIds,
  );
  await count(
    'webhook_deliveries',
    'SELECT count(*) AS n FROM webhook_deliveries WHERE event_id = $1::uuid',
    seeded.eventId,
  );
  await count(
    'webhook_delivery_attempts',
    `SELECT count(*) AS n FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
     WHERE d.event_id = $1::uuid`,
    seeded.eventId,
  );
  return counts;
}

async function idsIn(table: string, contactId: string): Promise<string[]> {
  const rows = await prisma().$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id::text AS id FROM "${table}" WHERE contact_id = $1::uuid`,
    contactId,
  );
  return rows.map((row) => row.id);
}

describe('exporting a contact', () => {
  let tenant: Awaited<ReturnType<typeof seedTenant>>;
  let seeded: SeededContact;
  let exported: ContactExport;

  beforeAll(async () => {
    tenant = await seedTenant(prisma());
    seeded = await seedContact(prisma(), tenant, '+34600000001');
    await seedContact(prisma(), tenant, '+34600000002');
    exported = (await withTenant(prisma(), tenant.tenantId, (tx) =>
      exportContact(tx, seeded.contactId, new Date('2026-11-23T10:00:00Z')),
    ))!;
  });

  it('gives the files the contact sent opened (never the sealed bytes), and the notes about them', async () => {
    const opened = (await withTenant(prisma(), tenant.tenantId, (tx) =>
      exportContact(tx, seeded.contactId, new Date(), {
        openMedia: async (_tx, ref) => Buffer.from(`photo ${ref.mediaId.length}`),
      }),
    ))!;
    expect(opened.media).toEqual([
      expect.objectContaining({
        kind: 'image',
        mimeType: 'image/jpeg',
        file: Buffer.from('photo 36').toString('base64'),
      }),
    ]);
    expect(opened.media[0]).not.toHaveProperty('content');
    expect(exported.media[0]).toMatchObject({ file: null });
    expect(exported.conversationNotes).toEqual([expect.objectContaining({ body: 'Call after 5pm' })]);
  });

  it('seeds a row for the contact in every table with a contact_id column (or the test proves nothing)', async () => {
    const counts = await rowsOf(seeded);
    for (const table of await contactTables())
      expect({ table, rows: counts[table] }).toEqual({ table, rows: expect.any(Number) });
    const empty = (await contactTables()).filter((table) => !counts[table]);
    expect(empty).toEqual([]);
  });

  it('has a section for every table with a contact_id column, holding every one of its rows', async () => {
    const sections = CONTACT_EXPORT_SECTIONS as Record<string, keyof ContactExport>;
    for (const table of await contactTables()) {
      if (table in CONTACT_EXPORT_DERIVED) continue; // copies of `contact`'s own columns, exported there
      expect({ table, section: sections[table] }).toEqual({ table, section: expect.any(String) });
      const section = exported[sections[table]!] as Array<{ id: string }>;
      const exportedIds = section.map((row) => String(row.id)).sort();
      const stored = await idsIn(table, seeded.contactId);
      expect(stored.length).toBeGreaterThan(0);
      expect({ table, ids: exportedIds }).toEqual({ table, ids: expect.arrayContaining(stored) });
    }
  });

  it('includes the contact, run traces, AI usage linked only by run, the PDF, and nothing of other contacts', () => {
    expect(exported.contact).toMatchObject({
      id: seeded.contactId,
      phone: '+34600000001',
      name: 'Lucía Fernández',
    });
    expect(exported.runs).toHaveLength(2);
    for (const run of exported.runs) {
      expect(run.events).toHaveLength(2);
      expect(run.flow).toEqual({ key: 'lead-capture', name: 'Lead capture' });
    }
    expect(exported.aiUsage.map((row) => row.id)).toContain(seeded.runOnlyAiUsageId);
    expect(Buffer.from(String(exported.documents[0]!.content), 'base64').toString()).toBe('%PDF-1.7 fake');
    expect(exported.documents[0]!.totalMinor).toBe('12345');
    expect(JSON.stringify(exported)).not.toContain('+34600000002');
    expect(() => JSON.parse(JSON.stringify(exported))).not.toThrow();
  });

  it('returns undefined for a contact of another tenant (row-level security)', async () => {
    const other = await seedTenant(prisma(), 'Other');
    const outsider = await seedContact(prisma(), other, '+34600000009');
    const found = await withTenant(prisma(), tenant.tenantId, (tx) =>
      exportContact(tx, outsider.contactId, new Date()),
    );
    expect(found).toBeUndefined();
  });
});

describe('erasing a contact', () => {
  it('removes its rows from every table and leaves other contacts and tenants untouched', async () => {
    const tenant = await seedTenant(prisma());
    const target = await seedContact(prisma(), tenant, '+34611111111');
    const neighbour = await seedContact(prisma(), tenant, '+34622222222');
    const otherTenant = await seedTenant(prisma(), 'Elsewhere');
    const stranger = await seedContact(prisma(), otherTenant, '+34611111111');
    const before = { neighbour: await rowsOf(neighbour), stranger: await rowsOf(stranger) };
    expect(Object.values(await rowsOf(target)).every((n) => n > 0)).toBe(true);

    const summary = await withTenant(prisma(), tenant.tenantId, (tx) => eraseContact(tx, target.contactId));

    const after = await rowsOf(target);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowsOf(neighbour)).toEqual(before.neighbour);
    expect(await rowsOf(stranger)).toEqual(before.stranger);
    expect(summary!.deleted).toMatchObject({
      contacts: 1,
      messages: 3,
      flow_runs: 2,
      run_events: 4,
      ai_usage: 2,
    });
    // The pending timers of both runs and the queued activity, for the caller to take off the queues.
    expect(summary!.queued.timers).toHaveLength(2);
    expect(summary!.queued.activities).toEqual([`${target.runIds[1]}:a1`]);
    // The audit log gets the summary: no phone number or name in it.
    expect(JSON.stringify(summary)).not.toMatch(/34611111111|Lucía/);
  });

  it("cannot erase another tenant's contact", async () => {
    const tenant = await seedTenant(prisma());
    const other = await seedTenant(prisma(), 'Other');
    const outsider = await seedContact(prisma(), other, '+34633333333');
    const summary = await withTenant(prisma(), tenant.tenantId, (tx) => eraseContact(tx, outsider.contactId));
    expect(summary).toBeUndefined();
    expect((await rowsOf(outsider)).contacts).toBe(1);
  });

  it('returns undefined for an unknown contact', async () => {
    const tenant = await seedTenant(prisma());
    const summary = await withTenant(prisma(), tenant.tenantId, (tx) =>
      eraseContact(tx, '00000000-0000-4000-8000-000000000000'),
    );
    expect(summary).toBeUndefined();
  });
});
