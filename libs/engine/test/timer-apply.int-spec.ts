import { pgPoolOf, withTenant } from '@leadline/database';
import { ContactProcessor } from '../src/contact-processor';
import { DEFAULT_CONTACT_STEP_BATCH } from '../src/contact-step-batch';
import { timerFlow } from '../../../tools/bench/src/bench-flows';
import { wakeContacts, type ContactRef } from '../src/wake';
import { waitFor } from './support/engine-harness';
import { recordContactJobs } from './support/contact-jobs';
import { askForReminder } from './support/remind-me';
import { startMetaEngineWorld, type MetaEngineWorld } from './support/meta-engine-world';

/**
 * Fired timers applied by the timer poller's own process (issue 21, seventh round): the contacts of
 * a claimed batch go straight to the group commit of steps (ContactProcessor.applyFired), without a
 * contact job each. A contact whose lock another transaction holds is not waited for: it is woken,
 * and its job applies its event once the lock is free, in order, once.
 */
describe('fired timers applied by the poller', () => {
  let world: MetaEngineWorld;
  let jobs: ReturnType<typeof recordContactJobs>;

  beforeAll(async () => {
    world = await startMetaEngineWorld({
      flows: [timerFlow(5)],
      engine: { sweepIntervalMs: 3_600_000, channelPollMs: 3_600_000 },
    });
    jobs = recordContactJobs(world.engine.queue);
  });

  afterAll(async () => {
    await world?.stop();
  });

  const sentTo = (to: string) => world.fake.sent().filter((m) => m.to.replace(/\D/g, '') === to.slice(1));

  const contactJobs = async (contactId: string) => jobs.forContact(contactId);

  /** Contacts that asked for a reminder, each acknowledged (its run waits on its timer). */
  async function acknowledged(phones: string[]): Promise<ContactRef[]> {
    const contacts: ContactRef[] = [];
    for (const to of phones) contacts.push(await askForReminder(world, to, 'Inês'));
    await wakeContacts(world.engine.queue)(contacts);
    await waitFor('the acknowledgements', () =>
      phones.every((to) => sentTo(to).length === 1) ? true : undefined,
    );
    return contacts;
  }

  it('applies a batch without a job per contact, and wakes the one whose lock is held elsewhere', async () => {
    const phones = ['+351916660001', '+351916660002', '+351916660003'];
    const contacts = await acknowledged(phones);
    const ids = contacts.map((contact) => contact.contactId);
    const jobsBefore = await Promise.all(ids.map(contactJobs));

    // The first contact's row held by another transaction: another worker's batch of steps, which
    // locks FOR NO KEY UPDATE (FOR UPDATE would also hold up the claim's event insert, which takes
    // FOR KEY SHARE on the contact: lockContactsSql says why the steps do not take it).
    const holder = await pgPoolOf(world.prisma)!.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM contacts WHERE id = $1::uuid FOR NO KEY UPDATE', [ids[0]]);
      await world.prisma.$executeRawUnsafe(
        `UPDATE run_timers SET due_at = now() + interval '1200 milliseconds'
         WHERE contact_id = ANY($1::uuid[]) AND enqueued_at IS NULL`,
        ids,
      );
      await waitFor('the free contacts reminded', () =>
        sentTo(phones[1]).length === 2 && sentTo(phones[2]).length === 2 ? true : undefined,
      );
      // Applied by the poller: no job for them. The held one: woken (once the batch's drains ended),
      // its event pending.
      const added = async () =>
        (await Promise.all(ids.map(contactJobs))).map((count, index) => count - jobsBefore[index]);
      await waitFor('the held contact woken', async () => ((await added())[0] > 0 ? true : undefined));
      expect(await added()).toEqual([1, 0, 0]);
      expect(sentTo(phones[0])).toHaveLength(1);
    } finally {
      await holder.query('COMMIT').catch(() => undefined);
      holder.release();
    }
    await waitFor('the held contact reminded', () => (sentTo(phones[0]).length === 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(phones.map((to) => sentTo(to).length)).toEqual([2, 2, 2]);
    expect(world.errors).toEqual([]);
    const runs = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.flowRun.findMany({ where: { contactId: { in: ids } }, select: { status: true } }),
    );
    expect(runs.map((run) => run.status)).toEqual(['completed', 'completed', 'completed']);
    const events = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.contactEvent.findMany({
        where: { contactId: { in: ids }, kind: 'timer' },
        select: { processedAt: true, failedAt: true },
      }),
    );
    expect(events).toHaveLength(3);
    expect(events.every((event) => event.processedAt && !event.failedAt)).toBe(true);
  });
  /**
   * After review: the poller's apply opens no Prisma transaction (a FALLBACK step, the Prisma path,
   * waits for the contact's lock and takes a connection of the pool the contact jobs share) and
   * strikes no event (the woken job strikes it, with its backoff): both contacts are left to be
   * woken, their events untouched.
   */
  it('leaves a step off the hot path and a failing step to their jobs: no Prisma path, no strike', async () => {
    const phones = ['+351916660011', '+351916660012'];
    const contacts = await acknowledged(phones);
    const ids = contacts.map((contact) => contact.contactId);
    // Their reminders out of the way (the engine's own poller must not apply these contacts).
    await world.prisma.$executeRawUnsafe(
      `UPDATE run_timers SET cancelled_at = now() WHERE contact_id = ANY($1::uuid[])`,
      ids,
    );
    // The first: an opt-in (a control event: the Prisma path's). The second: a timer event whose
    // payload fits no schema (a poison event: its step fails).
    await world.prisma.$executeRawUnsafe(
      `INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
       VALUES ($1::uuid, $2::uuid, 'control', '{"action":"opt_in"}'::jsonb, 'review-control-' || $2, now()),
              ($1::uuid, $3::uuid, 'timer', '{"nothing":true}'::jsonb, 'review-poison-' || $3, now())`,
      world.tenantId,
      ids[0],
      ids[1],
    );
    const processor = new ContactProcessor(
      world.prisma,
      { now: () => new Date() },
      async () => undefined,
      undefined,
      'embedded',
      undefined,
      undefined,
      DEFAULT_CONTACT_STEP_BATCH,
    );
    let settled = 0;
    const left = await processor.applyFired(contacts, () => (settled += 1));
    expect(left.map((contact) => contact.contactId)).toEqual(ids);
    expect(settled).toBe(2);
    const events = await world.prisma.$queryRawUnsafe<
      Array<{ kind: string; processed: boolean; attempts: number }>
    >(
      `SELECT kind, processed_at IS NOT NULL AS processed, attempts FROM contact_events
       WHERE contact_id = ANY($1::uuid[]) AND dedupe_key LIKE 'review-%' ORDER BY id`,
      ids,
    );
    expect(events).toEqual([
      { kind: 'control', processed: false, attempts: 0 },
      { kind: 'timer', processed: false, attempts: 0 },
    ]);
    // Out of the way of the other cases: set aside by hand.
    await world.prisma.$executeRawUnsafe(
      `UPDATE contact_events SET processed_at = now() WHERE dedupe_key LIKE 'review-%'`,
    );
  });
});
