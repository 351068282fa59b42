import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { createPrismaClient, publishFlowVersion, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, testRedisConnection, type TestDatabase } from '@leadline/testing';
import { BullMqJobQueue, Sweeper, systemClock } from '../src';
import { reminderFlow } from './support/test-flows';

/**
 * The sweeper under a backlog (found by `npm run bench -- timers`: 100,000 timers due within a
 * minute): overdue work whose job is only waiting behind others must not be done twice, while work
 * whose job is gone is still recovered. Since issue 21's fifth round timers are not the sweeper's.
 */
describe('sweeper: a backlog is not lost work', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let queue: BullMqJobQueue;
  let sweeper: Sweeper;
  let tenantId: string;
  let flowId: string;
  let versionId: string;
  const prefix = `test-sweep-${randomUUID().slice(0, 8)}`;

  const q = <T>(sql: string, ...values: unknown[]) => prisma.$queryRawUnsafe<T[]>(sql, ...values);

  /** A contact with a run waiting on a timer that fell due `overdueSeconds` ago. */
  async function overdueTimer(phone: string, overdueSeconds = 60) {
    const [contact] = await q<{ id: string }>(
      `INSERT INTO contacts (tenant_id, phone) VALUES ($1::uuid, $2) RETURNING id::text`,
      tenantId,
      phone,
    );
    const [run] = await q<{ id: string }>(
      `INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id, status, current_node)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'waiting', 'wait') RETURNING id::text`,
      tenantId,
      flowId,
      versionId,
      contact.id,
    );
    const timerId = `${run.id}:t1`;
    await q(
      `INSERT INTO run_timers (tenant_id, run_id, contact_id, timer_id, due_at)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, now() - make_interval(secs => $5))`,
      tenantId,
      run.id,
      contact.id,
      timerId,
      overdueSeconds,
    );
    return { contactId: contact.id, runId: run.id, timerId };
  }

  /** A contact with a message event stored a minute ago and not yet applied. */
  async function contactWithUnappliedEvent(phone: string): Promise<{ id: string }> {
    const [contact] = await q<{ id: string }>(
      `INSERT INTO contacts (tenant_id, phone) VALUES ($1::uuid, $2) RETURNING id::text`,
      tenantId,
      phone,
    );
    await q(
      `INSERT INTO contact_events (tenant_id, contact_id, kind, payload, occurred_at, created_at)
       VALUES ($1::uuid, $2::uuid, 'message', '{}', now(), now() - interval '1 minute')`,
      tenantId,
      contact.id,
    );
    return contact;
  }

  const timerEvents = async (runId: string) =>
    Number(
      (
        await q<{ n: bigint }>(
          `SELECT count(*) AS n FROM contact_events WHERE kind = 'timer' AND payload->>'runId' = $1`,
          runId,
        )
      )[0].n,
    );
  const contactJobs = async (contactId: string) =>
    (await queue.queue('contacts').getJobs(['waiting', 'delayed', 'active', 'completed'])).filter(
      (job) => job.data.contactId === contactId,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, maxConnections: 2 });
    const tenant = await prisma.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'T' } });
    tenantId = tenant.id;
    const flow = reminderFlow('reminder', 'remind', '1h');
    await withTenant(prisma, tenantId, (tx) =>
      publishFlowVersion(tx, { tenantId, key: 'reminder', name: 'Reminder', definition: flow as never }),
    );
    const [row] = await q<{ id: string; version: string }>(
      `SELECT id::text, active_version_id::text AS version FROM flows WHERE tenant_id = $1::uuid`,
      tenantId,
    );
    flowId = row.id;
    versionId = row.version;
    queue = new BullMqJobQueue(testRedisConnection(), prefix);
    sweeper = new Sweeper(prisma, queue, systemClock, async () => 0);
  });

  afterAll(async () => {
    await Promise.all(['contacts'].map((name) => queue?.queue(name).obliterate({ force: true })));
    await queue?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("fires no timer, not even at start-up: timers are the timer poller's (timer-poller.ts)", async () => {
    const overdue = await overdueTimer('+351910000003');
    const pending = await overdueTimer('+351910000004', -3_600);

    await sweeper.sweep();
    await sweeper.sweep({ rearmAll: true });

    // Nothing about a timer is in Redis before it fired, so there is nothing to re-arm or recover.
    expect(await timerEvents(overdue.runId)).toBe(0);
    expect(await timerEvents(pending.runId)).toBe(0);
    expect(await contactJobs(overdue.contactId)).toHaveLength(0);
  });

  it('leaves contacts whose events are newer than the oldest waiting contact job to the queue', async () => {
    const contact = await contactWithUnappliedEvent('+351910000012');
    await queue.queue('contacts').drain();
    const backlogHead = await queue
      .queue('contacts')
      .add(
        'contacts',
        { tenantId, contactId: 'another' },
        { jobId: 'backlog-head', timestamp: Date.now() - 120_000 },
      );

    await sweeper.sweep();
    expect(await contactJobs(contact.id)).toHaveLength(0);

    await backlogHead.remove();
    await sweeper.sweep();
    expect(await contactJobs(contact.id)).toHaveLength(1);
    // Leave the queue as the next test expects it: nothing of this contact's waiting.
    await Promise.all((await contactJobs(contact.id)).map((job) => job.remove()));
    await q(`UPDATE contact_events SET processed_at = now() WHERE contact_id = $1::uuid`, contact.id);
  });

  it('adds one sweep job per contact while it waits, and another once it has run', async () => {
    const contact = await contactWithUnappliedEvent('+351910000005');

    for (let i = 0; i < 3; i += 1) {
      await sweeper.sweep();
      await new Promise((resolve) => setTimeout(resolve, 5)); // a new sweep, a new job id
    }
    const [first] = await contactJobs(contact.id);
    expect(await contactJobs(contact.id)).toHaveLength(1);

    // A worker takes it (the event stays unapplied here): the next sweep may add one again.
    const worker = new Worker('contacts', async () => undefined, {
      connection: testRedisConnection(),
      prefix,
    });
    try {
      const deadline = Date.now() + 10_000;
      while ((await queue.queue('contacts').getWaitingCount()) > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await worker.close();
    }
    await sweeper.sweep();
    // The first one finished, and a finished contacts job is deleted at once (ENGINE_QUEUES, issue
    // 21's tenth round): the one the queue holds is the new sweep's.
    const jobs = await contactJobs(contact.id);
    expect(jobs.map((job) => job.id)).toEqual([expect.not.stringMatching(`^${first.id}$`)]);
    expect(jobs[0].deduplicationId).toBe(first.deduplicationId);
  });
});
