import type { Job } from 'bullmq';
import { EngineClient, systemClock } from '../src';
import {
  delivered,
  exampleFlow,
  startHarness,
  userMessage,
  waitFor,
  type Harness,
} from './support/engine-harness';

// An ingest batch wakes its contacts with ONE contacts job naming them (wake.ts wakeContactList),
// on real PostgreSQL, Redis and BullMQ, applied by the embedded engine's contacts worker.
describe('contact list wake: one job for an ingest batch, each contact applied as its own job would be', () => {
  let h: Harness;
  const phones = ['+351913000001', '+351913000002', '+351913000003'];
  const first = [
    'Hi! 👋 Thanks for contacting Sunrise Solar. Three quick questions and the right person will get back to you.',
    "First, what's your name?",
  ];

  beforeAll(async () => {
    h = await startHarness({ flows: [exampleFlow('lead-capture')] });
    const handle = h.engine.handle.bind(h.engine);
    // Recorded as the engine starts a job, not after: the replies the test waits for are sent
    // inside `handle`, so a job recorded at its end could still be missing when the test counts.
    jest.spyOn(h.engine, 'handle').mockImplementation(async (queue, job) => {
      if (queue === 'contacts') handled.push(job);
      await handle(queue, job);
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  /**
   * The wakes' jobs the engine took (not the sweeper's, which a slow machine may add for events
   * unapplied 5 s). Counted as the engine starts them: a finished contacts job is deleted at once
   * (ENGINE_QUEUES, issue 21's tenth round), so the queue no longer lists it.
   */
  const handled: Job[] = [];
  async function contactsJobs() {
    return handled.filter((job) => !job.id?.startsWith('sweep.'));
  }

  /**
   * BullMQ finished them: each job is gone (a completed contacts job is deleted; a failed one would be
   * kept a week) and none failed. Bounded: moveToFinished runs just after `handle` resolves.
   */
  async function finishedByBullMQ(jobs: Job[]) {
    const queue = h.engine.queue.queue('contacts');
    await waitFor('BullMQ to finish the jobs', async () => {
      const left = await Promise.all(jobs.map((job) => queue.getJob(job.id ?? '')));
      return left.every((job) => job === undefined) || undefined;
    });
    expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
  }

  it('wakes three contacts of one batch with one job, and each gets its reply once, in order', async () => {
    // Group commit as the API's, held open long enough for the three webhooks to share a batch.
    const client = new EngineClient(h.prisma, h.engine.queue, systemClock, undefined, undefined, {
      maxDelayMs: 200,
      maxRows: 3,
    });
    const outcomes = await Promise.all(
      phones.map((phone) => client.ingest(userMessage(h, phone, 'Hi, info on solar please'))),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    await client.flush();
    for (const phone of phones) {
      await waitFor(`the first question to ${phone}`, () => delivered(h, phone).length >= 2 || undefined);
    }
    const jobs = await contactsJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0].data).toEqual({
      contacts: expect.arrayContaining(
        outcomes.map((o) => ({
          tenantId: h.tenantId,
          contactId: o.outcome === 'accepted' ? o.contactId : '',
        })),
      ),
    });
    expect(jobs[0].data.contacts).toHaveLength(3);
    await finishedByBullMQ(jobs);

    // Each contact's next message (one batch again) moves each conversation one step: a contact
    // named by a list job is applied in its events' order, once.
    await Promise.all(phones.map((phone, index) => client.ingest(userMessage(h, phone, `Name ${index}`))));
    await client.flush();
    for (const [index, phone] of phones.entries()) {
      await waitFor(`the interest question to ${phone}`, () => delivered(h, phone).length >= 3 || undefined);
      expect(delivered(h, phone)).toEqual([
        ...first,
        `Nice to meet you, Name ${index}! What are you interested in?`,
      ]);
    }
    expect(await contactsJobs()).toHaveLength(2);
    await finishedByBullMQ(await contactsJobs());
    expect(h.errors).toEqual([]);
  });

  it('applies a contact alone in its batch with its own (deduplicated) job, as before', async () => {
    const client = new EngineClient(h.prisma, h.engine.queue, systemClock, undefined, undefined, {
      maxDelayMs: 1,
      maxRows: 1,
    });
    const phone = '+351913000009';
    const before = (await contactsJobs()).length;
    await client.ingest(userMessage(h, phone, 'Hi, info on solar please'));
    await client.flush();
    await waitFor('the first question', () => delivered(h, phone).length >= 2 || undefined);
    const jobs = await contactsJobs();
    expect(jobs).toHaveLength(before + 1);
    const single = jobs.filter((job) => 'contactId' in job.data);
    expect(single).toHaveLength(1);
    expect(single[0].deduplicationId).toBe(`wake.${single[0].data.contactId}`);
    await finishedByBullMQ(single);
  });
});
