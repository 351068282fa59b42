import { withTenant } from '@leadline/database';
import { SandboxProvider } from '@leadline/whatsapp';
import { Sweeper, systemClock, TimerPoller, type ContactRef, type EngineJob, type JobQueue } from '../src';
import { FIRE_DUE_TIMERS } from '../src/sql/timer-statements';
import { exampleFlow } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { installStatementCounter } from './support/statement-counter';

/**
 * Due timers fired from PostgreSQL (timer-poller.ts, issue 21's fifth round): one statement claims a
 * batch of due timers and appends their events, the contacts are woken with one addBulk. Each timer
 * fires once whoever polls, a timer row never puts an event into another tenant's contact, and a
 * timer not yet due (or cancelled) is left alone.
 */
describe('timer poller', () => {
  let world: EngineWorld;
  let otherTenantId: string;
  let otherRun: { contactId: string; runId: string };
  const runs: Array<{ contactId: string; runId: string }> = [];

  const q = <T>(sql: string, ...values: unknown[]) => world.prisma.$queryRawUnsafe<T[]>(sql, ...values);

  async function makeRuns(tenantId: string, count: number, phone: string) {
    return withTenant(world.prisma, tenantId, async (tx) => {
      const flow = await tx.flow.findFirstOrThrow({ select: { id: true, activeVersionId: true } });
      const made: Array<{ contactId: string; runId: string }> = [];
      for (let i = 0; i < count; i += 1) {
        const contact = await tx.contact.create({ data: { tenantId, phone: `${phone}${i}` } });
        const run = await tx.flowRun.create({
          data: {
            tenantId,
            flowId: flow.id,
            flowVersionId: flow.activeVersionId!,
            contactId: contact.id,
            status: 'waiting',
          },
        });
        made.push({ contactId: contact.id, runId: run.id });
      }
      return made;
    });
  }

  /** A timer row as PERSIST_STEP writes it, due `inSeconds` from now (negative: overdue). */
  async function arm(
    tenantId: string,
    run: { contactId: string; runId: string },
    timerId: string,
    inSeconds: number,
  ): Promise<void> {
    await q(
      `INSERT INTO run_timers (tenant_id, run_id, contact_id, timer_id, due_at)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, now() + make_interval(secs => $5))`,
      tenantId,
      run.runId,
      run.contactId,
      timerId,
      inSeconds,
    );
  }

  const timerEvents = () =>
    q<{ tenant_id: string; contact_id: string; payload: unknown; dedupe_key: string }>(
      `SELECT tenant_id::text, contact_id::text, payload, dedupe_key FROM contact_events
       WHERE kind = 'timer' ORDER BY id`,
    );

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [exampleFlow('lead-capture')],
      engine: {
        providers: () => new SandboxProvider(),
        sweepIntervalMs: 3_600_000,
        channelPollMs: 3_600_000,
        // The engine's own poller polls once at start, then sleeps: these tests fire by hand.
        timerPoller: { maxSleepMs: 3_600_000 },
      },
    });
    runs.push(...(await makeRuns(world.tenantId, 5, '+277400002')));
    otherTenantId = (await world.prisma.tenant.create({ data: { slug: 'other-t', name: 'Other' } })).id;
    await withTenant(world.prisma, otherTenantId, async (tx) => {
      const version = await tx.flowVersion.findFirst({ select: { id: true } });
      expect(version).toBeNull(); // the other tenant sees none of this tenant's flows
    });
    // The other tenant's contact and run, made on this tenant's flow by the system client (a row no
    // tenant could write; it stands for any inconsistent or forged timer row).
    const [contact] = await q<{ id: string }>(
      `INSERT INTO contacts (tenant_id, phone) VALUES ($1::uuid, '+27740000999') RETURNING id::text`,
      otherTenantId,
    );
    otherRun = { contactId: contact.id, runId: '' };
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('fires every due timer with one statement and wakes their contacts with one addBulk, once each', async () => {
    const woken: ContactRef[][] = [];
    const errors: string[] = [];
    const poller = new TimerPoller(
      world.prisma,
      systemClock,
      async (contacts) => {
        woken.push([...contacts]);
      },
      (error) => errors.push(String(error)),
    );
    for (const run of runs) await arm(world.tenantId, run, 'wait-1', -30);
    await arm(world.tenantId, runs[0], 'wait-2', -10); // a second due timer of one contact
    await arm(world.tenantId, runs[1], 'later', 3_600); // not due
    await arm(world.tenantId, runs[2], 'cancelled', -5);
    await q(`UPDATE run_timers SET cancelled_at = now() WHERE timer_id = 'cancelled'`);
    // A timer row naming this tenant's run and contact under another tenant: no event anywhere.
    await arm(otherTenantId, runs[3], 'forged-tenant', -20);
    // A timer row of this tenant naming a run that is not its contact's: no event.
    await arm(world.tenantId, { contactId: runs[4].contactId, runId: runs[3].runId }, 'forged-run', -20);

    const counter = installStatementCounter();
    let firing: Awaited<ReturnType<TimerPoller['fireDue']>>;
    let counted: ReturnType<typeof counter.take>;
    try {
      firing = await poller.fireDue();
      counted = counter.take();
    } finally {
      counter.uninstall();
    }

    expect(counted.statements).toBe(1);
    expect(firing.claimed).toBe(8);
    expect(firing.appended).toBe(6);
    expect(firing.full).toBe(false);
    expect(firing.foreign.map((timer) => timer.timerId).sort()).toEqual(['forged-run', 'forged-tenant']);
    expect(errors).toHaveLength(1);
    // One wake for the batch, one job per contact.
    expect(woken).toHaveLength(1);
    expect(woken[0].map((ref) => ref.contactId).sort()).toEqual(runs.map((run) => run.contactId).sort());
    expect(woken[0].every((ref) => ref.tenantId === world.tenantId)).toBe(true);
    // The next poll is when the remaining timer falls due (about an hour from now).
    expect(firing.nextDueAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);

    const events = await timerEvents();
    expect(events).toHaveLength(6);
    expect(events.every((event) => event.tenant_id === world.tenantId)).toBe(true);
    // In due order: the contact's wait-1 (30 s overdue) before its wait-2 (10 s overdue).
    const first = events.filter((event) => event.contact_id === runs[0].contactId);
    expect(first.map((event) => event.payload)).toEqual([
      { runId: runs[0].runId, timerId: 'wait-1' },
      { runId: runs[0].runId, timerId: 'wait-2' },
    ]);
    expect(first[0].dedupe_key).toBe(`timer.${runs[0].runId}.wait-1`);
    expect(await withTenant(world.prisma, otherTenantId, (tx) => tx.contactEvent.count())).toBe(0);

    // Claimed timers are never due again, the refused ones included; nothing is appended twice.
    const again = await poller.fireDue();
    expect(again.claimed).toBe(0);
    expect(woken).toHaveLength(1);
    expect(await timerEvents()).toHaveLength(6);
  });

  it('claims a batch in time linear in its size: no subquery run once per claimed timer', async () => {
    // Whether each claimed timer was owned used to be an EXISTS over the `owned` CTE per claimed row,
    // a correlated SubPlan: 500 × 500 rows compared per full batch (6 to 20 ms of a 25 to 40 ms
    // claim, issue 21's sixth round). A join reads each CTE once; the other subqueries are InitPlans.
    const values = [`'${new Date().toISOString()}'::timestamptz`, '500', 'NULL::uuid'];
    const text = FIRE_DUE_TIMERS.text.replace(
      /\$(\d)(::\w+)?/g,
      (_match, n: string) => values[Number(n) - 1],
    );
    // EXPLAIN without ANALYZE: the statement is planned, not run (nothing is claimed).
    const plan = await q<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${text}`);
    const lines = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(lines).toContain('CTE owned');
    expect(lines).not.toMatch(/SubPlan/);
  });

  it('appends nothing for a timer whose event is already in the inbox (the dedupe key)', async () => {
    const poller = new TimerPoller(
      world.prisma,
      systemClock,
      async () => undefined,
      () => undefined,
    );
    await arm(world.tenantId, runs[4], 'twice', -1);
    await q(
      `INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
       VALUES ($1::uuid, $2::uuid, 'timer', $3::jsonb, $4, now())`,
      world.tenantId,
      runs[4].contactId,
      JSON.stringify({ runId: runs[4].runId, timerId: 'twice' }),
      `timer.${runs[4].runId}.twice`,
    );
    const before = (await timerEvents()).length;
    const firing = await poller.fireDue();
    expect(firing).toMatchObject({ claimed: 1, appended: 0 });
    expect(await timerEvents()).toHaveLength(before);
  });

  it('gives concurrent pollers disjoint batches (SKIP LOCKED): each timer fires once', async () => {
    const more = await makeRuns(world.tenantId, 40, '+277400003');
    for (const run of more) await arm(world.tenantId, run, 'wait-1', -2);
    const pollers = [0, 1, 2].map(
      () =>
        new TimerPoller(
          world.prisma,
          systemClock,
          async () => undefined,
          () => undefined,
          {
            batchSize: 7,
            maxSleepMs: 1_000,
            minSleepMs: 20,
          },
        ),
    );
    const before = (await timerEvents()).length;
    let claimed = 0;
    for (let round = 0; round < 10; round += 1) {
      const firings = await Promise.all(pollers.map((poller) => poller.fireDue()));
      claimed += firings.reduce((sum, firing) => sum + firing.claimed, 0);
    }
    expect(claimed).toBe(40);
    expect((await timerEvents()).length - before).toBe(40);
  });

  it('loses no timer to a crash between the claim and the wake: the sweeper wakes its contact', async () => {
    // The claim and the event commit in one statement; the wake comes after. A worker dying (or Redis
    // being away) in between leaves the event pending in the inbox and the timer claimed: no poller
    // fires it again, and the sweeper's contact sweep wakes the contact once the event is stale.
    const [run] = await makeRuns(world.tenantId, 1, '+277400005');
    await arm(world.tenantId, run, 'crash', -1);
    const errors: string[] = [];
    const poller = new TimerPoller(
      world.prisma,
      systemClock,
      () => Promise.reject(new Error('worker died before the wake')),
      (_error, context) => errors.push(context),
    );
    const firing = await poller.fireDue({ tenantId: world.tenantId });
    expect(firing).toMatchObject({ claimed: 1, appended: 1 });
    expect(errors).toEqual(['waking fired timers']);
    expect((await poller.fireDue({ tenantId: world.tenantId })).claimed).toBe(0);

    const added: EngineJob[] = [];
    const queue = {
      add: async (job: EngineJob) => {
        added.push(job);
      },
      oldestWaitingSince: async () => undefined,
    } as unknown as JobQueue;
    const later = { now: () => new Date(Date.now() + 60_000) };
    await new Sweeper(world.prisma, queue, later, async () => undefined).sweep();
    expect(
      added.filter((job) => job.queue === 'contacts' && job.data.contactId === run.contactId),
    ).toHaveLength(1);
  });

  it("fires only one tenant's timers when asked (the conformance driver), oldest first", async () => {
    const poller = new TimerPoller(
      world.prisma,
      systemClock,
      async () => undefined,
      () => undefined,
    );
    await arm(otherTenantId, { contactId: otherRun.contactId, runId: runs[0].runId }, 'elsewhere', -60);
    await arm(world.tenantId, runs[1], 'mine-b', -5);
    await arm(world.tenantId, runs[2], 'mine-a', -50);
    const firing = await poller.fireDue({ tenantId: world.tenantId, limit: 1 });
    expect(firing.claimed).toBe(1);
    expect(firing.contacts).toEqual([{ tenantId: world.tenantId, contactId: runs[2].contactId }]);
    expect(firing.full).toBe(true);
    const rest = await poller.fireDue({ tenantId: world.tenantId });
    expect(rest.claimed).toBe(1);
    const [left] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM run_timers WHERE timer_id = 'elsewhere' AND enqueued_at IS NULL`,
    );
    expect(left.n).toBe(1);
  });

  it('hands a batch to its apply and wakes only the contacts the apply left (all of them when it fails)', async () => {
    // Issue 21, seventh round: the engine's poller applies a batch's contacts itself
    // (ContactProcessor.applyFired); the contacts it leaves (locked elsewhere, a failed step) are
    // woken as before, and an apply that fails altogether leaves every event pending: all are woken.
    const batch = await makeRuns(world.tenantId, 3, '+277400006');
    for (const run of batch) await arm(world.tenantId, run, 'handed', -1);
    const woken: ContactRef[][] = [];
    const handed: ContactRef[][] = [];
    const errors: string[] = [];
    let failing = false;
    const poller = new TimerPoller(
      world.prisma,
      systemClock,
      async (contacts) => {
        woken.push([...contacts]);
      },
      (_error, context) => errors.push(context),
      { batchSize: 500, maxSleepMs: 1_000, minSleepMs: 20 },
      async (contacts) => {
        handed.push([...contacts]);
        if (failing) throw new Error('the database went away');
        return contacts.filter((contact) => contact.contactId === batch[1].contactId);
      },
    );
    const firing = await poller.fireDue({ tenantId: world.tenantId });
    expect(firing).toMatchObject({ claimed: 3, appended: 3 });
    expect(handed.map((contacts) => contacts.map((ref) => ref.contactId).sort())).toEqual([
      batch.map((run) => run.contactId).sort(),
    ]);
    expect(woken).toEqual([[{ tenantId: world.tenantId, contactId: batch[1].contactId }]]);
    expect(poller.counted.applied).toBe(2);

    failing = true;
    woken.length = 0;
    const more = await makeRuns(world.tenantId, 2, '+277400007');
    for (const run of more) await arm(world.tenantId, run, 'handed', -1);
    await poller.fireDue({ tenantId: world.tenantId });
    expect(errors).toEqual(['applying fired timers']);
    expect(woken.map((contacts) => contacts.map((ref) => ref.contactId).sort())).toEqual([
      more.map((run) => run.contactId).sort(),
    ]);
    expect(poller.counted.applied).toBe(2);
  });

  it('the running engine fires a timer when it falls due and its event is taken', async () => {
    const [run] = await makeRuns(world.tenantId, 1, '+277400004');
    await world.stopEngine();
    await q(`UPDATE run_timers SET enqueued_at = now() WHERE enqueued_at IS NULL`); // earlier tests' leftovers
    // A run state the timer's step can take (the bare run has none, so its step would fail and the
    // event be set aside, which this case must not pass for): a run waiting on nothing, so the timer
    // is stale to it and its step a no-op (flow-core's interpreter) that the engine still applies.
    const at = new Date().toISOString();
    await q(
      `UPDATE flow_runs SET state = $2::jsonb WHERE id = $1::uuid`,
      run.runId,
      JSON.stringify({
        v: 1,
        runId: run.runId,
        flowId: 'lead-capture',
        status: 'waiting',
        node: null,
        wait: null,
        vars: {},
        contact: { phone: '+2774000040', fields: {}, tags: [] },
        message: null,
        timers: [],
        seq: 0,
        window: { forcedClosed: false, reengagementSent: false },
        sent: [],
        startedAt: at,
        updatedAt: at,
      }),
    );
    await arm(world.tenantId, run, 'soon', 1.5);
    await world.startEngine(); // polls at once (nothing due), then sleeps until the timer falls due
    const event = () =>
      q<{ processed_at: Date | null; failed_at: Date | null; attempts: number }>(
        `SELECT processed_at, failed_at, attempts FROM contact_events
         WHERE kind = 'timer' AND contact_id = $1::uuid`,
        run.contactId,
      );
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !(await event())[0]?.processed_at) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Appended by the poller's claim, then applied (processed, not set aside as failed).
    // statements-per-step, timer-apply and the conformance tests apply real timers end to end.
    const events = await event();
    expect(events).toHaveLength(1);
    expect(events[0].processed_at).not.toBeNull();
    expect(events[0].failed_at).toBeNull();
    expect(events[0].attempts).toBe(0);
    const [timer] = await q<{ enqueued_at: Date | null }>(
      `SELECT enqueued_at FROM run_timers WHERE timer_id = 'soon'`,
    );
    expect(timer.enqueued_at).not.toBeNull();
  });
});
