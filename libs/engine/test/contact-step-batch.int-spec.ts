import { InvalidTenantIdError, withTenant } from '@leadline/database';
import { Client } from 'pg';
import { echoFlow } from '../../../tools/bench/src/bench-flows';
import { seedTenant } from '../../database/test/support/tenant-fixtures';
import {
  appendContactEvent,
  ContactProcessor,
  ingestChannelEvent,
  systemClock,
  type OutboxRow,
} from '../src';
import type { InlineReserver } from '../src/send-inline';
import { InvalidHotLiteralError } from '../src/sql/hot-sql';
import { APPLY_HEADS, isPersistSteps, PERSIST_STEP } from '../src/sql/hot-statements';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { waitFor } from './support/engine-harness';
import { RecordingProvider } from './support/recording-provider';

/**
 * Group commit of contact steps (contact-step-batch.ts): the steps of contacts applied at once in one
 * process share one transaction per tenant, each in a savepoint. Driven here by processors of the
 * test's own (the engine is stopped), with a batch window wide enough that every step submitted
 * together lands in one batch: the counts below are deterministic.
 */
describe('contact steps in one transaction per batch', () => {
  let world: EngineWorld;
  /** Every statement this process sends, in full, in order (one connection per batch). */
  let texts: string[] = [];
  /**
   * A statement rewritten once: for the statement it picks, `rewriteOnce` gives the text sent in its
   * place (a division by zero: the shared transaction really aborted, as by a transient error
   * nobody's row caused; or more contacts locked), undefined for any other statement.
   */
  let rewriteOnce: ((text: string) => string | undefined) | undefined;
  const original = Client.prototype.query;

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [echoFlow()],
      engine: { providers: () => new RecordingProvider() },
    });
    await world.stopEngine();
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : String((first as { text?: string })?.text ?? '');
      texts.push(text);
      const instead = rewriteOnce?.(text);
      if (instead !== undefined) {
        rewriteOnce = undefined;
        return (original as (...a: unknown[]) => unknown).call(this, instead);
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });

  afterEach(() => {
    // A rewrite whose statement never came would hit a later test's: cleared, and this test fails.
    const unused = rewriteOnce;
    rewriteOnce = undefined;
    if (unused) throw new Error('the statement to rewrite was never sent');
  });

  afterAll(async () => {
    Client.prototype.query = original;
    await world?.stop();
  });

  function processor(outbox: OutboxRow[] = [], inline?: InlineReserver) {
    return new ContactProcessor(
      world.prisma,
      systemClock,
      async (_tenant, _contact, rows) => {
        outbox.push(...rows);
      },
      () => undefined,
      'embedded',
      undefined,
      inline,
      { maxDelayMs: 200, maxRows: 32 },
    );
  }

  let sent = 0;
  async function say(phone: string, text: string): Promise<string> {
    sent += 1;
    const accepted = await ingestChannelEvent(world.prisma, {
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId: world.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Ana' },
      message: { type: 'text', text, providerMessageId: `wamid.batch.${sent}`, at: new Date().toISOString() },
    });
    if (accepted.outcome !== 'accepted') throw new Error(`not accepted: ${accepted.outcome}`);
    return accepted.contactId;
  }

  /** A contact whose echo run waits for its answer (its first message started the run). */
  async function waitingContact(phone: string, p: ContactProcessor): Promise<string> {
    const contactId = await say(phone, 'benchmark please');
    expect(await p.process(world.tenantId, contactId)).toBe(1);
    return contactId;
  }

  /** Waiting contacts, each with `answer` pending for its run. */
  async function answering(p: ContactProcessor, phones: string[], answer: string): Promise<string[]> {
    const contacts: string[] = [];
    for (const phone of phones) contacts.push(await waitingContact(phone, p));
    for (const phone of phones) await say(phone, answer);
    return contacts;
  }

  /** Each contact's run saved `answer` and asked its question again, once (2 messages out in all). */
  async function expectAnswered(contacts: string[], answer: string) {
    await withTenant(world.prisma, world.tenantId, async (tx) => {
      for (const contactId of contacts) {
        const run = await tx.flowRun.findFirstOrThrow({ where: { contactId } });
        expect((run.state as { vars?: { answer?: string } }).vars?.answer).toBe(answer);
        expect(await tx.message.count({ where: { runId: run.id, direction: 'out' } })).toBe(2);
      }
    });
  }

  /** Transactions begun on the batch path (BEGIN sent with the scope and the batch's locks). */
  const batchTransactions = (all: string[]) =>
    all.filter((text) => /^BEGIN;[\s\S]*FOR NO KEY UPDATE SKIP LOCKED/.test(text));
  /** The batch's first statement reading its steps' heads with the locks (eleventh round). */
  const withHeads = (text: string) =>
    /^BEGIN;[\s\S]*ll_apply_heads\(ARRAY\(SELECT id::uuid FROM locked\)/.test(text);

  it('applies N contacts’ steps in one transaction, one COMMIT', async () => {
    const p = processor();
    const phones = ['+351910000001', '+351910000002', '+351910000003', '+351910000004'];
    const contacts: string[] = [];
    for (const phone of phones) contacts.push(await waitingContact(phone, p));
    for (const phone of phones) await say(phone, 'an answer');
    const before = { ...p.batcher!.written };
    texts = [];
    const applied = await Promise.all(contacts.map((contactId) => p.process(world.tenantId, contactId)));
    expect(applied).toEqual([1, 1, 1, 1]);
    const taken = texts;
    expect(batchTransactions(taken)).toHaveLength(1);
    expect(taken.filter((text) => /^BEGIN\b/.test(text))).toHaveLength(1);
    expect(taken.filter((text) => text === 'COMMIT')).toHaveLength(1);
    expect(taken.filter((text) => /ROLLBACK/.test(text))).toEqual([]);
    // BEGIN + scope + every lock with every step's head event in one round trip (issue 21, eleventh
    // round: the heads were a statement of their own), every run's writes in one statement (sixth
    // round: was one of each per step); COMMIT.
    process.stdout.write(
      `batch of ${contacts.length} steps: ${taken.length} statements, ${batchTransactions(taken).length} transaction\n`,
    );
    expect(taken.length).toBeLessThanOrEqual(3);
    expect(taken.filter(withHeads)).toHaveLength(1);
    expect(taken.filter((text) => text === APPLY_HEADS.text)).toEqual([]);
    expect(taken.filter((text) => isPersistSteps(text))).toHaveLength(1);
    expect(p.batcher!.written).toEqual({ ...before, batches: before.batches + 1, steps: before.steps + 4 });
    // Each step was written: the answer saved, the question asked again.
    await expectAnswered(contacts, 'an answer');
  });

  it('a poison event fails only its own contact; a step leaving the hot path is applied on its own; the others commit', async () => {
    const p = processor();
    const healthy = ['+351920000001', '+351920000002'];
    const contacts: string[] = [];
    for (const phone of healthy) contacts.push(await waitingContact(phone, p));
    for (const phone of healthy) await say(phone, 'still here');
    const poisoned = await waitingContact('+351920000009', p);
    await withTenant(world.prisma, world.tenantId, (tx) =>
      appendContactEvent(tx, {
        tenantId: world.tenantId,
        contactId: poisoned,
        kind: 'control',
        payload: { action: 'no-such-action' } as never,
        occurredAt: new Date(),
      }),
    );
    // Its first message: a run to start, which only the Prisma path does (FALLBACK).
    const starting = await say('+351920000010', 'benchmark please');
    const before = { ...p.batcher!.written };
    texts = [];
    const [first, second, poison, start] = await Promise.allSettled([
      p.process(world.tenantId, contacts[0]),
      p.process(world.tenantId, contacts[1]),
      p.process(world.tenantId, poisoned),
      p.process(world.tenantId, starting),
    ]);
    expect(first).toEqual({ status: 'fulfilled', value: 1 });
    expect(second).toEqual({ status: 'fulfilled', value: 1 });
    expect(start).toEqual({ status: 'fulfilled', value: 1 });
    expect(poison.status).toBe('rejected');
    expect(String((poison as PromiseRejectedResult).reason)).toContain('unknown control action');
    // The batch was rolled back once; the poisoned and the starting contacts left it (each then
    // applied on its own), the two others were applied again in a second transaction, committed.
    expect(batchTransactions(texts)).toHaveLength(2);
    expect(texts.filter((text) => text === 'ROLLBACK')).toHaveLength(1);
    expect(p.batcher!.written).toEqual({
      batches: before.batches + 1,
      retried: before.retried + 1,
      steps: before.steps + 2,
    });
    // The healthy steps were held before their writes until the others decided: the rolled-back
    // transaction wrote no run, so the runs' writes went out once, in the second one (one statement).
    expect(texts.filter((text) => isPersistSteps(text))).toHaveLength(1);
    await withTenant(world.prisma, world.tenantId, async (tx) => {
      for (const contactId of contacts) {
        const run = await tx.flowRun.findFirstOrThrow({ where: { contactId } });
        expect((run.state as { vars?: { answer?: string } }).vars?.answer).toBe('still here');
      }
      const started = await tx.flowRun.findFirstOrThrow({ where: { contactId: starting } });
      expect(started.status).toBe('waiting');
      // The poison event was struck once (its own transaction) and waits for its retry.
      const [event] = await tx.contactEvent.findMany({ where: { contactId: poisoned, kind: 'control' } });
      expect(event).toMatchObject({ attempts: 1, processedAt: null, failedAt: null });
    });
  });

  it('never puts two tenants’ contacts in one transaction or under one scope', async () => {
    const p = processor();
    const other = await seedTenant(world.prisma, 'other');
    const ours = [await say('+351930000001', 'hello'), await say('+351930000002', 'hello')];
    await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.contactEvent.updateMany({ where: { contactId: { in: ours } }, data: { processedAt: new Date() } }),
    );
    texts = [];
    // Nothing pending: each step locks its contact, finds no event and ends; the scopes are the point.
    await Promise.all([
      p.process(world.tenantId, ours[0]),
      p.process(other.tenantId, other.contactId),
      p.process(world.tenantId, ours[1]),
    ]);
    const transactions: Array<{ tenant: string; contacts: string[] }> = [];
    for (const text of texts) {
      const scope = /^BEGIN;[\s\S]*set_config\('app\.tenant_id', '([0-9a-f-]+)'/.exec(text);
      if (scope) transactions.push({ tenant: scope[1], contacts: [] });
      const lock = /FROM contacts WHERE id IN \(([^)]*)\) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED/.exec(
        text,
      );
      if (lock) transactions[transactions.length - 1].contacts.push(...lock[1].match(/[0-9a-f-]{36}/g)!);
      // No scope is ever switched inside a batch.
      if (!scope) expect(text).not.toContain('app.tenant_id');
    }
    expect(transactions).toHaveLength(2);
    const byTenant = new Map(transactions.map((t) => [t.tenant, [...t.contacts].sort()]));
    expect(byTenant.get(world.tenantId)).toEqual([...ours].sort());
    expect(byTenant.get(other.tenantId)).toEqual([other.contactId]);
  });

  it('locks a contact that another transaction references (FOR KEY SHARE) instead of finding it busy', async () => {
    const p = processor();
    const phones = ['+351970000001', '+351970000002'];
    const contacts: string[] = [];
    for (const phone of phones) contacts.push(await waitingContact(phone, p));
    for (const phone of phones) await say(phone, 'referenced answer');
    // Another transaction, still open, has inserted a row referencing the first contact: its
    // foreign key check holds FOR KEY SHARE on the contact's row, which FOR UPDATE conflicts with
    // (the contact came back BUSY, then its job waited for that transaction) and FOR NO KEY UPDATE not.
    const other = new Client({ connectionString: world.db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO outbound_events (tenant_id, type, contact_id, payload, occurred_at)
         VALUES ($1, 'contact.updated', $2, '{}', now())`,
        [world.tenantId, contacts[0]],
      );
      texts = [];
      const applied = Promise.all(contacts.map((contactId) => p.process(world.tenantId, contactId)));
      // Until both steps are done or one was found BUSY (its own lock then waits for `other`).
      const alone = () => texts.some((text) => /^BEGIN;[\s\S]*FROM contacts WHERE id = /.test(text));
      let done = false;
      void applied.finally(() => (done = true));
      await waitFor('the batch settled or a contact found busy', () => (done || alone() ? true : undefined));
      const busy = alone();
      await other.query('ROLLBACK');
      expect(await applied).toEqual([1, 1]);
      expect(busy).toBe(false);
      expect(batchTransactions(texts)).toHaveLength(1);
    } finally {
      await other.end();
    }
    await expectAnswered(contacts, 'referenced answer');
  });

  it('a batch that fails as a whole (the connection lost mid-batch) writes nothing, strikes nothing, and is retried', async () => {
    let cut = true;
    const phones = ['+351940000001', '+351940000002', '+351940000003'];
    // The second contact's step loses the connection after the first one's writes (its send's rate
    // is asked just before its statement): the whole batch is rolled back.
    const inline: InlineReserver = {
      reserve: async (_channel, phone) => {
        if (cut && phone === phones[1])
          throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        return null;
      },
      learn: () => undefined,
    };
    const p = processor([], inline);
    const contacts: string[] = [];
    for (const phone of phones) contacts.push(await waitingContact(phone, p));
    for (const phone of phones) await say(phone, 'lost answer');
    const failed = await Promise.allSettled(
      contacts.map((contactId) => p.process(world.tenantId, contactId)),
    );
    // Every job fails with the batch's (transient) error: BullMQ retries it; no strike, nothing written.
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const pending = () =>
      withTenant(world.prisma, world.tenantId, (tx) =>
        tx.contactEvent.findMany({ where: { contactId: { in: contacts }, processedAt: null } }),
      );
    const left = await pending();
    expect(left).toHaveLength(3);
    expect(left.every((event) => event.attempts === 0)).toBe(true);
    cut = false;
    expect(await Promise.all(contacts.map((contactId) => p.process(world.tenantId, contactId)))).toEqual([
      1, 1, 1,
    ]);
    expect(await pending()).toEqual([]);
    // The question asked once more, once: the retry did not write the step twice.
    await expectAnswered(contacts, 'lost answer');
  });

  it('a step whose row PostgreSQL refuses leaves the batch: the gathered statement fails, the batch goes again with each step alone, the others commit', async () => {
    const phones = ['+351950000001', '+351950000002', '+351950000003'];
    let refuse = true;
    let reserved = 0;
    // The middle contact's claim time is out of timestamptz's range: the batch's PERSIST_STEPS fails
    // in PostgreSQL (whose row is not known), then, sent alone, its own statement fails, which
    // aborts the shared transaction for every statement sent after it.
    const inline: InlineReserver = {
      reserve: async (_channel, phone) => {
        reserved += 1;
        // a valid JS date, 271,822 BC: out of PostgreSQL's range
        return refuse && phone === phones[1] ? new Date(-8.64e15) : null;
      },
      learn: () => undefined,
    };
    const p = processor([], inline);
    const contacts: string[] = [];
    for (const phone of phones) contacts.push(await waitingContact(phone, p));
    for (const phone of phones) await say(phone, 'refused answer');
    const before = { ...p.batcher!.written };
    reserved = 0;
    texts = [];
    const outcomes = await Promise.allSettled(
      contacts.map((contactId) => p.process(world.tenantId, contactId)),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // Rolled back twice (the gathered statement, then the refused step's own), committed once.
    expect(p.batcher!.written).toEqual({
      batches: before.batches + 1,
      retried: before.retried + 2,
      steps: before.steps + 2,
    });
    expect(texts.filter((text) => text === 'ROLLBACK')).toHaveLength(2);
    await withTenant(world.prisma, world.tenantId, async (tx) => {
      for (const contactId of [contacts[0], contacts[2]]) {
        const run = await tx.flowRun.findFirstOrThrow({ where: { contactId } });
        expect((run.state as { vars?: { answer?: string } }).vars?.answer).toBe('refused answer');
      }
      // The refused step's event: struck once, pending, applied by its job's retry.
      const [event] = await tx.contactEvent.findMany({
        where: { contactId: contacts[1], processedAt: null },
      });
      expect(event).toMatchObject({ attempts: 1 });
    });
    refuse = false;
    expect(await p.process(world.tenantId, contacts[1])).toBe(1);
    expect(reserved).toBeGreaterThan(0);
  });

  /** The contacts' events not processed yet (their ids). */
  const pendingEvents = (contacts: string[]) =>
    withTenant(world.prisma, world.tenantId, (tx) =>
      tx.contactEvent.findMany({ where: { contactId: { in: contacts }, processedAt: null } }),
    );

  /**
   * Three waiting contacts answered together while PostgreSQL refuses once the statement `refuse`
   * rewrites (given the answers' events; nobody's row caused it): the batch goes again and every
   * step commits exactly once, every answer's event processed, nobody struck. Returns the
   * statements the steps sent.
   */
  async function refusedOnce(
    phones: string[],
    answer: string,
    refuse: (events: bigint[]) => (text: string) => string | undefined,
  ) {
    const p = processor();
    const contacts = await answering(p, phones, answer);
    const events = (await pendingEvents(contacts)).map((event) => event.id);
    expect(events).toHaveLength(3);
    const before = { ...p.batcher!.written };
    texts = [];
    rewriteOnce = refuse(events);
    expect(await Promise.all(contacts.map((contactId) => p.process(world.tenantId, contactId)))).toEqual([
      1, 1, 1,
    ]);
    const sent = [...texts];
    expect(p.batcher!.written).toEqual({
      batches: before.batches + 1,
      retried: before.retried + 1,
      steps: before.steps + 3,
    });
    // Each answer applied once (its run asked its question again once): a head whose mark the
    // rollback did not undo would have been skipped by the retry, its answer never saved.
    await expectAnswered(contacts, answer);
    expect(await pendingEvents(contacts)).toEqual([]);
    await withTenant(world.prisma, world.tenantId, async (tx) => {
      const struck = await tx.contactEvent.count({
        where: { contactId: { in: contacts }, attempts: { gt: 0 } },
      });
      expect(struck).toBe(0);
    });
    return sent;
  }

  it('a gathered statement refused once (nobody to blame): the batch goes again with each step alone, and every step commits, nobody struck', async () => {
    const sent = await refusedOnce(
      ['+351960000001', '+351960000002', '+351960000003'],
      'once refused',
      () => (text) => (isPersistSteps(text) ? 'SELECT 1/0' : undefined),
    );
    // The second transaction sent each step's writes alone (PERSIST_STEP) after the gathered one failed.
    expect(sent.filter((text) => isPersistSteps(text))).toHaveLength(1);
    expect(sent.filter((text) => text === PERSIST_STEP.text)).toHaveLength(3);
  });

  it('the first statement refused once after its locks and head marks (nobody to blame): rolled back, the batch goes again with each step alone, and every step commits once, nobody struck', async () => {
    const sent = await refusedOnce(
      ['+351960000011', '+351960000012', '+351960000013'],
      'heads refused',
      // The whole first round trip runs (BEGIN, scope, locks and heads), then a statement in the same
      // message fails only if the three heads are marked processed by then: a real failure after
      // the marks, which the rollback must undo.
      (events) => (text) =>
        withHeads(text)
          ? `${text};
SELECT 1/(count(*) - ${events.length}) FROM contact_events WHERE id IN (${events.join(', ')}) AND processed_at IS NOT NULL`
          : undefined,
    );
    expect(sent.filter((text) => text === 'ROLLBACK')).toHaveLength(1);
    // The second transaction locked only, then read each step's head alone (APPLY_HEADS with its one
    // contact).
    expect(sent.filter(withHeads)).toHaveLength(1);
    expect(batchTransactions(sent)).toHaveLength(2);
    expect(sent.filter((text) => text === APPLY_HEADS.text)).toHaveLength(3);
  });

  it('a step rolled back after it took its send rate (another step refused) takes no rate again when applied again', async () => {
    const phones = ['+351950000011', '+351950000012', '+351950000013'];
    let refuse = true;
    const takes: string[] = [];
    // The middle contact's statement fails as in the test above; the others' rates are granted, each
    // take counted (a take is what spends the Redis tokens: send-budget.ts).
    const inline: InlineReserver = {
      reserve: async (_channel, phone) => {
        if (refuse && phone === phones[1]) {
          refuse = false;
          return new Date(-8.64e15);
        }
        if (phone === phones[1]) return null;
        takes.push(phone);
        return new Date();
      },
      learn: () => undefined,
    };
    const p = processor([], inline);
    const contacts: string[] = [];
    for (const phone of phones) contacts.push(await waitingContact(phone, p));
    takes.length = 0;
    for (const phone of phones) await say(phone, 'rate answer');
    const before = { ...p.batcher!.written };
    const outcomes = await Promise.allSettled(
      contacts.map((contactId) => p.process(world.tenantId, contactId)),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // Rolled back twice (the gathered statement, then the middle step's own, its claim reused and
    // still refused), then committed without it.
    expect(p.batcher!.written.retried).toBe(before.retried + 2);
    // Applied three times (rolled back twice, then committed), each took its rate once.
    expect(takes.sort()).toEqual([phones[0], phones[2]]);
    await expectAnswered([contacts[0], contacts[2]], 'rate answer');
  });

  it('a contact id spelt in upper case is the same contact: its step is applied in the batch, its event not lost', async () => {
    const p = processor();
    const phones = ['+351980000001', '+351980000002'];
    const contacts = await answering(p, phones, 'upper answer');
    const before = { ...p.batcher!.written };
    texts = [];
    // isUuid (and a job's z.uuid) accept it; the lock gives the id back lower case (id::text).
    const applied = await Promise.all([
      p.process(world.tenantId, contacts[0].toUpperCase()),
      p.process(world.tenantId, contacts[1]),
    ]);
    expect(applied).toEqual([1, 1]);
    expect(batchTransactions(texts)).toHaveLength(1);
    expect(p.batcher!.written).toEqual({ ...before, batches: before.batches + 1, steps: before.steps + 2 });
    expect(await pendingEvents(contacts)).toEqual([]);
    await expectAnswered(contacts, 'upper answer');
  });

  it('a locked contact no step asked for rolls the batch back: its head mark undone, nothing lost', async () => {
    const p = processor();
    const phones = ['+351980000011', '+351980000012', '+351980000013'];
    const contacts = await answering(p, phones, 'stray answer');
    const stray = contacts[2];
    // The batch's first statement locks (and reads the head of) a third contact besides its steps'.
    rewriteOnce = (text) =>
      withHeads(text)
        ? text.replace('FROM contacts WHERE id IN (', `FROM contacts WHERE id IN ('${stray}'::uuid, `)
        : undefined;
    const outcomes = await Promise.allSettled(
      contacts.slice(0, 2).map((id) => p.process(world.tenantId, id)),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toContain(
      'a locked contact no step asked for',
    );
    // Rolled back: every answer still pending, none struck (the jobs are retried as after a transient error).
    const left = await pendingEvents(contacts);
    expect(left).toHaveLength(3);
    expect(left.every((event) => event.attempts === 0)).toBe(true);
    expect(await Promise.all(contacts.map((id) => p.process(world.tenantId, id)))).toEqual([1, 1, 1]);
    await expectAnswered(contacts, 'stray answer');
  });

  it('a contact another transaction holds: its event stays unprocessed while held and is applied once after, the others commit in the batch', async () => {
    const p = processor();
    const phones = ['+351980000021', '+351980000022', '+351980000023'];
    const contacts = await answering(p, phones, 'held answer');
    const [held, ...free] = contacts;
    const other = new Client({ connectionString: world.db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE', [held]);
      const before = { ...p.batcher!.written };
      texts = [];
      const heldStep = p.process(world.tenantId, held);
      const freeSteps = Promise.all(free.map((id) => p.process(world.tenantId, id)));
      // The batch skipped the held contact (BUSY): the others committed in it.
      expect(await freeSteps).toEqual([1, 1]);
      expect(batchTransactions(texts)).toHaveLength(1);
      expect(p.batcher!.written).toEqual({ ...before, batches: before.batches + 1, steps: before.steps + 3 });
      await expectAnswered(free, 'held answer');
      // Its job applies it on its own, waiting for the lock (FOR UPDATE, not skipped).
      await waitFor('the held contact applied on its own', () =>
        texts.some((text) => /^BEGIN;[\s\S]*FROM contacts WHERE id = /.test(text)) ? true : undefined,
      );
      // Still held: its event unprocessed (the batch's first statement did not mark its head).
      const pending = await pendingEvents([held]);
      expect(pending).toHaveLength(1);
      expect(pending[0].attempts).toBe(0);
      await other.query('COMMIT');
      expect(await heldStep).toBe(1);
    } finally {
      await other.end();
    }
    expect(await pendingEvents(contacts)).toEqual([]);
    // Applied once: its answer saved, its question asked again once.
    await expectAnswered(contacts, 'held answer');
  });

  it('an id that is no UUID fails its step at once: no second attempt, nothing sent for it', async () => {
    const p = processor();
    const contactId = await waitingContact('+351980000031', p);
    const before = { ...p.batcher!.written };
    texts = [];
    // Thrown before any SQL ran: not the batch's first statement failing (HeadsFailedError), so not
    // gone over again with the heads read alone.
    await expect(p.process(world.tenantId, 'not-a-uuid')).rejects.toThrow(InvalidHotLiteralError);
    await expect(p.process('not-a-tenant', contactId)).rejects.toThrow(InvalidTenantIdError);
    expect(p.batcher!.written).toEqual(before);
    expect(batchTransactions(texts)).toEqual([]);
  });
});
