import { withTenant } from '@leadline/database';
import { nextDocumentNumber } from '../src';
import {
  seedTenant,
  sleep,
  startDocumentsDatabase,
  type DocumentsDatabase,
} from './support/documents-database';

class Rollback extends Error {}

describe('nextDocumentNumber', () => {
  let h: DocumentsDatabase;

  beforeAll(async () => {
    h = await startDocumentsDatabase();
  });

  afterAll(async () => {
    await h.stop();
  });

  const take = (tenantId: string, kind: 'quote' | 'invoice', year = 2026) =>
    withTenant(
      h.prisma,
      tenantId,
      async (tx) => (await nextDocumentNumber(tx, { tenantId, kind, year })).number,
    );

  it('numbers each tenant’s quotes and invoices per year from 1', async () => {
    const { tenantId } = await seedTenant(h.prisma);
    const { tenantId: other } = await seedTenant(h.prisma);
    expect(await take(tenantId, 'quote')).toBe('Q-2026-0001');
    expect(await take(tenantId, 'quote')).toBe('Q-2026-0002');
    expect(await take(tenantId, 'invoice')).toBe('INV-2026-0001');
    expect(await take(tenantId, 'quote', 2027)).toBe('Q-2027-0001');
    expect(await take(other, 'quote')).toBe('Q-2026-0001');
    expect(await take(tenantId, 'quote')).toBe('Q-2026-0003');
  });

  it('gives 20 concurrent transactions the numbers 1 to 20: no duplicate, no gap', async () => {
    const { tenantId } = await seedTenant(h.prisma);
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () =>
        withTenant(
          h.prisma,
          tenantId,
          async (tx) => {
            const { sequence } = await nextDocumentNumber(tx, { tenantId, kind: 'invoice', year: 2026 });
            await sleep(20); // rendering and storing happen while the number is held
            return sequence;
          },
          { maxWait: 10_000, timeout: 20_000 },
        ),
      ),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('gives the number of a rolled-back transaction to the next document', async () => {
    const { tenantId } = await seedTenant(h.prisma);
    expect(await take(tenantId, 'quote')).toBe('Q-2026-0001');
    await expect(
      withTenant(h.prisma, tenantId, async (tx) => {
        expect((await nextDocumentNumber(tx, { tenantId, kind: 'quote', year: 2026 })).number).toBe(
          'Q-2026-0002',
        );
        throw new Rollback('rendering failed');
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(await take(tenantId, 'quote')).toBe('Q-2026-0002');
  });

  it('leaves no gap when some of many concurrent transactions roll back', async () => {
    const { tenantId } = await seedTenant(h.prisma);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        withTenant(
          h.prisma,
          tenantId,
          async (tx) => {
            const { sequence } = await nextDocumentNumber(tx, { tenantId, kind: 'quote', year: 2026 });
            await sleep(15);
            if (index % 4 === 0) throw new Rollback(`transaction ${index} fails`);
            return sequence;
          },
          { maxWait: 10_000, timeout: 20_000 },
        ),
      ),
    );
    const kept = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(5);
    expect(kept.sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(await take(tenantId, 'quote')).toBe('Q-2026-0016');
  });

  it('cannot advance another tenant’s sequence (row-level security)', async () => {
    const { tenantId } = await seedTenant(h.prisma);
    const { tenantId: victim } = await seedTenant(h.prisma);
    await expect(
      withTenant(h.prisma, tenantId, (tx) =>
        nextDocumentNumber(tx, { tenantId: victim, kind: 'quote', year: 2026 }),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await take(victim, 'quote')).toBe('Q-2026-0001');
  });
});
