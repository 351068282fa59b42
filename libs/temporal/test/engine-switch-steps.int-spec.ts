// Issue 24 item 4: an AI/HTTP/custom step the embedded engine queued before an engine switch (its
// outbox row published to BullMQ, no embedded worker left to run it) is handed over to the Temporal
// engine, runs once, and its run carries on.
import { withTenant } from '@leadline/database';
import { ContactProcessor, EngineClient, systemClock, type ActivityJob } from '@leadline/engine';
import { handOverEmbeddedSteps } from '../src/client/hand-over';
import { createHarness, type Harness } from './support/harness';

const MINUTE = 60_000;

describe('engine switch: steps the embedded engine queued are handed over to the Temporal engine', () => {
  let h: Harness;
  const calls: ActivityJob[] = [];

  beforeAll(async () => {
    h = await createHarness({
      flows: ['ai-faq'],
      handlers: {
        ai: async (job) => {
          calls.push(job);
          return { ok: true, output: { label: 'pricing' } };
        },
      },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  /** The embedded engine applies the message; its relay publishes the AI step to BullMQ `minutesAgo`. */
  async function beforeTheSwitch(phone: string, minutesAgo: number): Promise<string> {
    const embedded = new EngineClient(h.prisma, async () => undefined, systemClock);
    const first = await embedded.ingest(h.says(phone, 'How much is it?'));
    if (first.outcome !== 'accepted') throw new Error('not accepted');
    await new ContactProcessor(h.prisma, systemClock, async () => undefined).process(
      h.tenantId,
      first.contactId,
    );
    await withTenant(h.prisma, h.tenantId, async (tx) => {
      const run = await tx.flowRun.findFirstOrThrow({ where: { contactId: first.contactId } });
      expect(run).toMatchObject({ engine: 'embedded', currentNode: 'intent' });
      const published = await tx.outboxEntry.updateMany({
        where: {
          kind: 'activity',
          publishedAt: null,
          payload: { path: ['contactId'], equals: first.contactId },
        },
        data: { publishedAt: new Date(Date.now() - minutesAgo * MINUTE) },
      });
      expect(published.count).toBe(1);
    });
    return first.contactId;
  }

  it('runs a step no embedded worker ran, once, and the run carries on under Temporal', async () => {
    const phone = '+351918000001';
    const contactId = await beforeTheSwitch(phone, 10);
    // The Temporal worker's sweep hands it over and wakes the contact.
    const handed = await handOverEmbeddedSteps(h.prisma);
    expect(handed).toContainEqual({ tenantId: h.tenantId, contactId });
    for (const { tenantId, contactId: id } of handed) await h.client.wakeContact(tenantId, id);
    await h.host.idle();
    expect(h.host.errors).toEqual([]);
    expect(calls.filter((job) => job.contactId === contactId)).toHaveLength(1);
    expect(h.host.calls).toContain('runStep');
    await withTenant(h.prisma, h.tenantId, async (tx) => {
      const run = await tx.flowRun.findFirstOrThrow({ where: { contactId } });
      expect(run).toMatchObject({ engine: 'temporal', status: 'waiting', currentNode: 'more' });
    });
    expect(h.texts(phone).length).toBeGreaterThan(0);
    // Its result is recorded: a later sweep hands nothing over again, and nothing runs twice.
    expect(await handOverEmbeddedSteps(h.prisma)).not.toContainEqual({ tenantId: h.tenantId, contactId });
    await h.client.wakeContact(h.tenantId, contactId);
    await h.host.idle();
    expect(calls.filter((job) => job.contactId === contactId)).toHaveLength(1);
  });

  it('leaves a step just published to the embedded workers still draining (within the hand-over delay)', async () => {
    const phone = '+351918000002';
    const contactId = await beforeTheSwitch(phone, 1);
    expect(await handOverEmbeddedSteps(h.prisma)).not.toContainEqual({ tenantId: h.tenantId, contactId });
    // Once the delay has passed with no result recorded, it is handed over.
    const later = new Date(Date.now() + 10 * MINUTE);
    expect(await handOverEmbeddedSteps(h.prisma, { now: later })).toContainEqual({
      tenantId: h.tenantId,
      contactId,
    });
  });

  it('does not hand over a step whose run has ended', async () => {
    const phone = '+351918000003';
    const contactId = await beforeTheSwitch(phone, 10);
    await withTenant(h.prisma, h.tenantId, (tx) =>
      tx.flowRun.updateMany({ where: { contactId }, data: { status: 'cancelled' } }),
    );
    expect(await handOverEmbeddedSteps(h.prisma)).not.toContainEqual({ tenantId: h.tenantId, contactId });
  });
});
