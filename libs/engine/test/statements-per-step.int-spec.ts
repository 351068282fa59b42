import { withTenant } from '@leadline/database';
import { echoFlow, timerFlow } from '../../../tools/bench/src/bench-flows';
import { IngestBatcher } from '../src/ingest-batch';
import { ingestChannelEvent } from '../src/ingest-channel-event';
import { wakeContact, wakeContacts } from '../src/wake';
import { waitFor } from './support/engine-harness';
import { recordContactJobs } from './support/contact-jobs';
import { askForReminder } from './support/remind-me';
import {
  metaStatus,
  startMetaEngineWorld,
  userMessageIngested,
  type MetaEngineWorld,
} from './support/meta-engine-world';
import { installStatementCounter, type StatementCounter } from './support/statement-counter';

/**
 * The SQL cost of one conversation step, counted (not timed): the bench's `conversation-step` unit
 * (the contact's message webhook in, the reply accepted by the fake Meta, its `sent` and `delivered`
 * status webhooks), on the embedded engine, with the background sweeps switched off so that only
 * the step talks to PostgreSQL. The bounds are what the code does today; a change that adds round
 * trips to the hot path fails here. docs/performance.md keeps the history of these numbers (before
 * issue 21: 12 + 47 + 12 statements in 1 + 7 + 2 transactions; after its first round, 7 + 26 + 8 in
 * 1 + 4 + 2; after its second, 7 + 16 + 8 in 1 + 2 + 2; after its third, 7 + 10 + 8 in 1 + 2 + 2,
 * with two jobs per step; after its fourth, 1 + 6 + 2 in 0 + 1 + 0, one job: the webhooks through
 * group commit as the API writes them, each batch one call of ll_ingest_tenant_batch, its own
 * implicit transaction, hence no BEGIN counted, and the worker's send inline after its commit). On
 * the worker's plain-SQL hot path (libs/engine/src/sql) one counted `query` is one round trip: its
 * first one sends BEGIN, the tenant scope and the contact lock together.
 */
const BOUNDS = {
  /** The message webhook (what the API does per inbound message: a batch of one, one round trip). */
  inbound: { statements: 1, transactions: 0 },
  /**
   * The worker: apply the event (one transaction in 3 round trips: BEGIN + scope + lock with the head
   * event and its runs in the same statement (contact-step-batch.ts, issue 21's eleventh round; was
   * a round trip of its own), the run's writes with the messages already claimed for the contact
   * job's own send, COMMIT), then, after the provider's answers (the reply, the read receipt), record the
   * reply's answer with the outbox row published and the read mark in one statement (answer-batch.ts,
   * issue 21's sixth round; was two). No send job, no claim transaction (send-inline.ts): `jobs`
   * counts the step's BullMQ jobs, the contact job only.
   */
  worker: { statements: 4, transactions: 1, jobs: 1 },
  /** The two status webhooks together (a batch each, one round trip each). */
  statuses: { statements: 2, transactions: 0 },
  /**
   * A fired timer whose transition sends a reminder and ends the run, from its due time to the
   * reminder accepted: the timer poller's claim (its inbox event, one statement shared by every timer
   * of the batch: timer-poller.ts, issue 21's fifth round; its contact woken by one addBulk per
   * batch, a contact job); the apply on the hot path (3 round trips: BEGIN + scope + lock with the
   * head event and its timer marked fired (eleventh round), the run's writes with its end and the reminder already
   * claimed, COMMIT); the reminder sent inline by the same job, its answer recorded with the outbox
   * row published (one statement; send-inline.ts): 4, plus the claim. `claims` is the poller's share: 1 batch for this
   * one timer (1/n for a batch of n). Before issue 21's fourth round the apply went the Prisma way
   * (persistTransition, statement by statement), then the send job claimed and sent: 16 statements
   * in 2 transactions; in the fourth round a group-committed fire statement per timer job.
   */
  timer: { statements: 4, transactions: 1, claims: 1 },
  /**
   * Issue 21, fifth round: BATCH_OF contacts' steps woken at once go through the worker's group commit
   * of steps (contact-step-batch.ts): ONE transaction for all of them. Sixth round: 4 round trips for
   * the transaction whatever its size: BEGIN + scope + every contact's lock, every step's head event
   * (one APPLY_HEADS), every step's writes (one PERSIST_STEPS), one COMMIT; after the COMMIT the jobs'
   * inline sends record their answers and read marks together (answer-batch.ts: one statement for
   * the batch; it was 2 per step). So 5 for the batch whatever its size (fifth round: 4 per step + 2;
   * before it 6 and 1 per step), and 1/BATCH_OF transactions per step. Eleventh round: 4, the heads
   * read by the first statement with the locks (lockContactsAndHeadsSql).
   */
  batch: { statementsPerStep: 0, extra: 4, transactions: 1, answerBatches: 1 },
  /**
   * Issue 21, seventh round: BATCH_OF timers falling due together. The poller's one claim (counted
   * apart, as for one timer) and then their apply by the poller itself, without a contact job each
   * (ContactProcessor.applyFired): the group commit of steps takes them in one transaction (4 round
   * trips), and their reminders' answers are recorded together (1): 5 for the batch whatever its
   * size, no BullMQ job. Before it: one contact job per timer, woken by one addBulk. Eleventh
   * round: 4 (3 round trips for the transaction, the heads read with the locks).
   */
  timers: { statementsPerTimer: 0, extra: 4, transactions: 1, claims: 1, jobs: 0 },
};

/** Contacts whose steps are counted together (the contacts worker's concurrency, ENGINE_QUEUES). */
const BATCH_OF = 8;

type Counted = ReturnType<StatementCounter['take']>;

describe('SQL statements per conversation step (embedded engine)', () => {
  let world: MetaEngineWorld;
  let counter: StatementCounter | undefined;
  const phone = '+351915550101';

  beforeAll(async () => {
    world = await startMetaEngineWorld({
      flows: [echoFlow(), timerFlow(5)],
      // No periodic sweep or channel poll while a step is counted. The group commit of steps waits
      // long enough for every job woken at once to join one batch (in production 1 ms: under load
      // a batch fills while the previous one commits): the batch test's counts are then exact.
      engine: {
        sweepIntervalMs: 3_600_000,
        channelPollMs: 3_600_000,
        contactStepBatch: { maxDelayMs: 500, maxRows: 32 },
        // Likewise the answers of the sends that one batch's COMMIT started (answer-batch.ts).
        answerBatch: { maxDelayMs: 200, maxRows: 32 },
      },
    });
  });

  afterAll(async () => {
    counter?.uninstall();
    await world?.stop();
  });

  /** Collects statements until none was sent for `quietMs` (the after-commit work included). */
  /**
   * The timer poller's claim statement (timer-poller.ts): it polls at least once a second whatever
   * else happens, claiming nothing when no timer is due, so it is left out of every count here; the
   * claims that fired timers are counted by the poller itself (engine.timers.counted.batches).
   */
  const POLL = /^WITH due AS \( SELECT id FROM run_timers/;

  async function settle(count: StatementCounter, quietMs = 500): Promise<Counted> {
    const all: Counted = { statements: 0, transactions: 0, texts: [] };
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const taken = count.take();
      const texts = taken.texts.filter((text) => !POLL.test(text));
      if (texts.length === 0) return all;
      all.statements += texts.length;
      all.transactions += taken.transactions;
      all.texts.push(...texts);
    }
  }

  /** One step, counted in its three parts. Nothing else queries the database meanwhile. */
  async function oneStep(count: StatementCounter, text: string, replies: number) {
    const wake = wakeContact(world.engine.queue);
    // Every job the step adds (the contact's wake-up, a send job if any), whichever method adds it.
    const queue = world.engine.queue;
    const add = jest.spyOn(queue, 'add');
    const addBulk = jest.spyOn(queue, 'addBulk');
    // The webhooks go through group commit, as the API writes them (one event per batch here).
    const batcher = new IngestBatcher(world.prisma, { maxDelayMs: 0, maxRows: 1 });
    const { wamid } = world.fake.userSends({ from: phone, text });
    count.take();
    const accepted = await batcher.ingest({
      kind: 'message',
      channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Rita' },
      message: { type: 'text', text, providerMessageId: wamid, at: new Date().toISOString() },
    });
    const inbound = count.take();
    if (accepted.outcome !== 'accepted') throw new Error(`message not accepted: ${accepted.outcome}`);
    await wake(accepted.tenantId, accepted.contactId);
    // The fake is watched, not the database: a probe's queries would be counted with the worker's.
    const sent = await waitFor('the reply at the fake', () => {
      const out = world.fake.sent().filter((m) => m.to.replace(/\D/g, '') === phone.slice(1));
      return out.length === replies ? out : undefined;
    });
    const worker = await settle(count);
    const reply = sent[sent.length - 1].wamid;
    for (const value of ['sent', 'delivered'] as const) {
      expect((await batcher.ingest(metaStatus(world, phone, reply, value))).outcome).toBe('recorded');
    }
    const statuses = count.take();
    const jobs = add.mock.calls.length + addBulk.mock.calls.reduce((sum, [bulk]) => sum + bulk.length, 0);
    add.mockRestore();
    addBulk.mockRestore();
    return { inbound, worker, statuses, jobs };
  }

  /**
   * A refill of the 5-second lookup cache (lookup-cache.ts: the channel a webhook names, the tenant's
   * settings): paid once per 5 s, not per step, but a loaded machine can stretch one step past the
   * cache's life. Counted apart so the bounds stay deterministic; only these exact reads qualify.
   */
  const CACHE_REFILL = [
    /^SELECT "public"\."channels"\."id", "public"\."channels"\."tenant_id" FROM "public"\."channels" WHERE/,
    /^SELECT ("public"\."tenants"\."\w+", )*"public"\."tenants"\."settings" FROM "public"\."tenants" WHERE/,
    // Group commit's own read of them (ingest-batch-write.ts: settingsOf).
    /^SELECT set_config\('role', '\w+', true\), set_config\('app\.tenant_id', '[0-9a-f-]+', true\); SELECT settings FROM tenants/,
    // The same tenant settings on the send path's plain SQL (TENANT_SETTINGS).
    /^SELECT settings FROM tenants WHERE id = \$1::uuid$/,
  ];

  function summary(part: Counted) {
    const refills = part.texts.filter((text) => CACHE_REFILL.some((pattern) => pattern.test(text))).length;
    return { statements: part.statements - refills, transactions: part.transactions, refills };
  }

  it('a steady-state step (a reply to the waiting question) stays within the bounds', async () => {
    counter = installStatementCounter();
    // The first message starts the run (another path, once per conversation); the second is the step.
    await oneStep(counter, 'benchmark please', 1);
    const step = await oneStep(counter, 'an answer', 2);
    const counted = {
      inbound: summary(step.inbound),
      worker: { ...summary(step.worker), jobs: step.jobs },
      statuses: summary(step.statuses),
    };
    // Printed so the figures can be copied into docs/performance.md.
    process.stdout.write(`statements per step: ${JSON.stringify(counted)}\n`);
    if (process.env.STATEMENTS_VERBOSE) {
      process.stdout.write(
        [...step.inbound.texts, '--', ...step.worker.texts, '--', ...step.statuses.texts].join('\n') + '\n',
      );
    }
    expect(world.errors).toEqual([]);
    expect(counted.inbound.statements).toBeLessThanOrEqual(BOUNDS.inbound.statements);
    expect(counted.inbound.transactions).toBeLessThanOrEqual(BOUNDS.inbound.transactions);
    expect(counted.worker.statements).toBeLessThanOrEqual(BOUNDS.worker.statements);
    expect(counted.worker.transactions).toBeLessThanOrEqual(BOUNDS.worker.transactions);
    expect(counted.worker.jobs).toBeLessThanOrEqual(BOUNDS.worker.jobs);
    expect(counted.statuses.statements).toBeLessThanOrEqual(BOUNDS.statuses.statements);
    expect(counted.statuses.transactions).toBeLessThanOrEqual(BOUNDS.statuses.transactions);
    // The step did its work: each reply went out once, and the statuses were recorded.
    expect(world.fake.sent().map((m) => m.to.replace(/\D/g, ''))).toEqual([phone.slice(1), phone.slice(1)]);
    const replies = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findMany({ where: { direction: 'out' }, orderBy: { createdAt: 'asc' } }),
    );
    expect(replies.map((m) => m.status)).toEqual(['delivered', 'delivered']);
    expect(replies.every((m) => m.sentAt && m.deliveredAt && m.providerMessageId)).toBe(true);
    const inbound = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findMany({ where: { direction: 'in' } }),
    );
    expect(inbound.every((m) => m.readAt)).toBe(true);
  });

  it('a fired timer is applied on the hot path, with no attempt rolled back, in a bounded number of round trips', async () => {
    // Its transition (the reminder, then the run's end) is one the hot path writes since issue 21's
    // fourth round: no Prisma transaction, no ROLLBACK (docs/performance.md, timers on the hot path).
    counter ??= installStatementCounter();
    const to = '+351915550102';
    const atTheFake = () => world.fake.sent().filter((m) => m.to.replace(/\D/g, '') === to.slice(1));
    world.fake.userSends({ from: to, text: 'remindme please' });
    const accepted = await ingestChannelEvent(world.prisma, {
      kind: 'message',
      channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
      contact: { waId: to.slice(1), phone: to, name: 'Tiago' },
      message: {
        type: 'text',
        text: 'remindme please',
        providerMessageId: 'wamid.timer-1',
        at: new Date().toISOString(),
      },
    });
    if (accepted.outcome !== 'accepted') throw new Error(`message not accepted: ${accepted.outcome}`);
    await wakeContact(world.engine.queue)(accepted.tenantId, accepted.contactId);
    await waitFor('the acknowledgement at the fake', () => (atTheFake().length === 1 ? true : undefined));
    // The acknowledgement's own work is over well before the timer's 5 s are: what follows is the
    // timer's (it must be there: the statement that fires it).
    await settle(counter);
    const polled = { ...world.engine.timers.counted };
    await waitFor('the reminder at the fake', () => (atTheFake().length === 2 ? true : undefined));
    const fired = await settle(counter);
    const claims = world.engine.timers.counted.batches - polled.batches;
    expect(world.errors).toEqual([]);
    expect(atTheFake().map((m) => (m.body as { text?: { body?: string } }).text?.body)).toEqual([
      'Noted, I will remind you.',
      'Reminder: it is time.',
    ]);
    // The poller's claim that fired it: one batch, this one timer.
    expect(world.engine.timers.counted.timers - polled.timers).toBe(1);
    expect(fired.texts.filter((text) => /^ROLLBACK/i.test(text))).toEqual([]);
    // Arming the timer wrote no outbox row for it (the poller reads run_timers: nothing to publish).
    expect(
      await withTenant(world.prisma, world.tenantId, (tx) =>
        tx.outboxEntry.count({ where: { kind: 'timer' } }),
      ),
    ).toBe(0);
    // Printed so the figures can be copied into docs/performance.md.
    const counted = { ...summary(fired), claims };
    process.stdout.write(`statements per fired timer: ${JSON.stringify(counted)}\n`);
    if (process.env.STATEMENTS_VERBOSE) process.stdout.write(fired.texts.join('\n') + '\n');
    // On the hot path: the run's writes (its end) went out as the one PERSIST_STEP statement, and no
    // Prisma-built flow_runs update (the Prisma path's persistTransition) was sent.
    expect(fired.texts.filter((text) => /^UPDATE "public"\."flow_runs"/.test(text))).toEqual([]);
    expect(counted.statements).toBeLessThanOrEqual(BOUNDS.timer.statements);
    expect(counted.transactions).toBeLessThanOrEqual(BOUNDS.timer.transactions);
    expect(counted.claims).toBe(BOUNDS.timer.claims);
    const run = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.flowRun.findFirstOrThrow({ where: { contactId: accepted.contactId } }),
    );
    expect(run.status).toBe('completed');
    const timers = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.runTimer.findMany({ where: { runId: run.id } }),
    );
    expect(timers.map((timer) => timer.firedAt !== null)).toEqual([true]);
  });

  it(`${BATCH_OF} contacts' steps woken at once share one transaction`, async () => {
    counter ??= installStatementCounter();
    const phones = Array.from({ length: BATCH_OF }, (_, index) => `+35191555${String(200 + index)}`);
    const atTheFake = (to: string) =>
      world.fake.sent().filter((m) => m.to.replace(/\D/g, '') === to.slice(1));
    const say = (to: string, text: string) => userMessageIngested(world, to, text, 'Rui');
    // Each contact's run started (another path, once per conversation) and its question answered.
    const contacts = [];
    for (const to of phones) contacts.push(await say(to, 'benchmark please'));
    await wakeContacts(world.engine.queue)(contacts);
    await waitFor('the first replies', () =>
      phones.every((to) => atTheFake(to).length === 1) ? true : undefined,
    );
    for (const to of phones) await say(to, 'an answer');
    await settle(counter);
    const before = { ...world.engine.contactSteps!.written };
    const answered = { ...world.engine.answers!.written };
    await wakeContacts(world.engine.queue)(contacts);
    await waitFor('the second replies', () =>
      phones.every((to) => atTheFake(to).length === 2) ? true : undefined,
    );
    const worker = summary(await settle(counter));
    const written = world.engine.contactSteps!.written;
    const batches = { batches: written.batches - before.batches, steps: written.steps - before.steps };
    process.stdout.write(
      `batch of ${BATCH_OF} steps: ${JSON.stringify({ ...worker, ...batches, perStep: worker.transactions / BATCH_OF })}\n`,
    );
    expect(world.errors).toEqual([]);
    expect(batches).toEqual({ batches: BOUNDS.batch.transactions, steps: BATCH_OF });
    const answers = world.engine.answers!.written;
    expect({
      batches: answers.batches - answered.batches,
      answers: answers.answers - answered.answers,
    }).toEqual({
      batches: BOUNDS.batch.answerBatches,
      answers: BATCH_OF,
    });
    expect(worker.transactions).toBeLessThanOrEqual(BOUNDS.batch.transactions);
    expect(worker.statements).toBeLessThanOrEqual(
      BOUNDS.batch.statementsPerStep * BATCH_OF + BOUNDS.batch.extra,
    );
  });

  it(`${BATCH_OF} timers falling due together are applied in one transaction, without a job each`, async () => {
    counter ??= installStatementCounter();
    const phones = Array.from({ length: BATCH_OF }, (_, index) => `+35191555${String(300 + index)}`);
    const atTheFake = (to: string) =>
      world.fake.sent().filter((m) => m.to.replace(/\D/g, '') === to.slice(1));
    const contacts = [];
    for (const to of phones) contacts.push(await askForReminder(world, to, 'Rita'));
    await wakeContacts(world.engine.queue)(contacts);
    await waitFor('the acknowledgements', () =>
      phones.every((to) => atTheFake(to).length === 1) ? true : undefined,
    );
    await settle(counter);
    // The same due time for all (the system client: no tenant writes another's timers), a little
    // after the poller's next look (it looks at least once a second): one claim takes them all.
    const ids = contacts.map((contact) => contact.contactId);
    await world.prisma.$executeRawUnsafe(
      `UPDATE run_timers SET due_at = now() + interval '1500 milliseconds'
       WHERE contact_id = ANY($1::uuid[]) AND enqueued_at IS NULL`,
      ids,
    );
    counter.take(); // that UPDATE is the test's, not the timers'
    // Counted as added: a finished contacts job is deleted at once (ENGINE_QUEUES, tenth round).
    const added = recordContactJobs(world.engine.queue);
    const contactJobs = async () => ids.reduce((sum, id) => sum + added.forContact(id), 0);
    const jobsBefore = await contactJobs();
    const polled = { ...world.engine.timers.counted };
    const steps = { ...world.engine.firedTimerSteps!.written };
    await waitFor('the reminders', () =>
      phones.every((to) => atTheFake(to).length === 2) ? true : undefined,
    );
    const fired = summary(await settle(counter));
    const written = world.engine.firedTimerSteps!.written;
    const counted = {
      ...fired,
      claims: world.engine.timers.counted.batches - polled.batches,
      timers: world.engine.timers.counted.timers - polled.timers,
      appliedByPoller: world.engine.timers.counted.applied - polled.applied,
      jobs: (await contactJobs()) - jobsBefore,
      batches: written.batches - steps.batches,
      steps: written.steps - steps.steps,
    };
    process.stdout.write(`${BATCH_OF} timers applied together: ${JSON.stringify(counted)}\n`);
    expect(world.errors).toEqual([]);
    expect(counted).toMatchObject({
      claims: BOUNDS.timers.claims,
      timers: BATCH_OF,
      appliedByPoller: BATCH_OF,
      jobs: BOUNDS.timers.jobs,
      batches: BOUNDS.timers.transactions,
      steps: BATCH_OF,
    });
    expect(counted.transactions).toBeLessThanOrEqual(BOUNDS.timers.transactions);
    expect(counted.statements).toBeLessThanOrEqual(
      BOUNDS.timers.statementsPerTimer * BATCH_OF + BOUNDS.timers.extra,
    );
    const runs = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.flowRun.findMany({ where: { contactId: { in: ids } }, select: { status: true } }),
    );
    expect(runs.map((run) => run.status)).toEqual(ids.map(() => 'completed'));
  });
});
