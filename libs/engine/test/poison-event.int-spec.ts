import { withTenant } from '@leadline/database';
import { appendContactEvent, ContactProcessor, MAX_EVENT_ATTEMPTS, systemClock } from '../src';
import { exampleFlow, startHarness, type Harness } from './support/engine-harness';

describe('an event that cannot be applied', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ flows: [exampleFlow('lead-capture')] });
    await h.engine.stop(); // this test drives the processor itself
  });

  afterAll(async () => {
    await h.prisma.$disconnect();
    await h.db.drop();
  });

  it(`is retried, then set aside after ${MAX_EVENT_ATTEMPTS} failures with its error, and the contact's next events go on`, async () => {
    const contact = await withTenant(h.prisma, h.tenantId, (tx) =>
      tx.contact.create({ data: { tenantId: h.tenantId, phone: '+27740000077', lastInboundAt: new Date() } }),
    );
    await withTenant(h.prisma, h.tenantId, async (tx) => {
      await appendContactEvent(tx, {
        tenantId: h.tenantId,
        contactId: contact.id,
        kind: 'control',
        // Not a payload any writer can produce (the type refuses it): what a bug or old data leaves.
        payload: { action: 'no-such-action' } as never,
        occurredAt: new Date(),
      });
      await appendContactEvent(tx, {
        tenantId: h.tenantId,
        contactId: contact.id,
        kind: 'inbound',
        payload: {
          message: { type: 'text', text: 'hi', at: new Date().toISOString() },
          channelId: h.channelId,
        },
        occurredAt: new Date(),
      });
    });
    const setAside: bigint[] = [];
    const processor = new ContactProcessor(
      h.prisma,
      systemClock,
      async () => undefined,
      (_error, id) => setAside.push(id),
    );
    for (let attempt = 1; attempt < MAX_EVENT_ATTEMPTS; attempt += 1) {
      await expect(processor.process(h.tenantId, contact.id)).rejects.toThrow('unknown control action');
    }
    expect(await processor.process(h.tenantId, contact.id)).toBe(2);
    expect(setAside).toHaveLength(1);
    await withTenant(h.prisma, h.tenantId, async (tx) => {
      const events = await tx.contactEvent.findMany({
        where: { contactId: contact.id },
        orderBy: { id: 'asc' },
      });
      expect(events[0]).toMatchObject({
        attempts: MAX_EVENT_ATTEMPTS,
        lastError: expect.stringContaining('unknown control action'),
      });
      expect(events[0].failedAt).not.toBeNull();
      expect(events[1].processedAt).not.toBeNull();
      expect(events[1].failedAt).toBeNull();
      const run = await tx.flowRun.findFirstOrThrow({ where: { contactId: contact.id } });
      expect(run.status).toBe('waiting');
    });
  });
});
