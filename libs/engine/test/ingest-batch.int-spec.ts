import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import type { ChannelEvent, DeliveryStatus } from '@leadline/whatsapp';
import {
  EngineClient,
  IngestBatcher,
  systemClock,
  type ChannelScope,
  type EngineJob,
  type IngestBatchSummary,
  type IngestOutcome,
  type JobQueue,
} from '../src';
import { forgetAllLookups } from '../src/lookup-cache';
import { waitFor } from './support/engine-harness';
import { installStatementCounter } from './support/statement-counter';

/**
 * Group commit for webhook ingest (issue 21): the events of many webhooks written by one
 * transaction, each caller answered only after that commit; a failed batch leaves nothing behind and
 * fails only the event the database refuses; tenants stay apart inside one batch; a contact's events keep their order.
 */
describe('ingest by group commit (PostgreSQL)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const channels: Record<'a' | 'b', { id: string; tenantId: string; phoneNumberId: string }> = {} as never;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, maxConnections: 5 });
    for (const [key, digit] of [
      ['a', 1],
      ['b', 2],
    ] as const) {
      const tenant = await prisma.tenant.create({ data: { slug: `batch-${key}`, name: key } });
      const phoneNumberId = `batch-${digit}`;
      const channel = await withTenant(prisma, tenant.id, (tx) =>
        tx.channel.create({
          data: {
            tenantId: tenant.id,
            provider: 'sandbox',
            phoneNumberId,
            displayPhone: `+1555300000${digit}`,
            status: 'active',
          },
        }),
      );
      channels[key] = { id: channel.id, tenantId: tenant.id, phoneNumberId };
    }
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  beforeEach(() => forgetAllLookups());

  const message = (key: 'a' | 'b', phone: string, id: string, text = `hello ${id}`): ChannelEvent => ({
    kind: 'message',
    channel: { provider: 'sandbox', phoneNumberId: channels[key].phoneNumberId },
    contact: { waId: phone.slice(1), phone, name: 'Ana' },
    message: { type: 'text', text, providerMessageId: id, at: new Date().toISOString() },
  });

  const status = (
    key: 'a' | 'b',
    providerMessageId: string,
    value: DeliveryStatus,
    at: Date,
  ): ChannelEvent => ({
    kind: 'status',
    channel: { provider: 'sandbox', phoneNumberId: channels[key].phoneNumberId },
    providerMessageId,
    status: value,
    at: at.toISOString(),
    recipient: '+351910000000',
    windowClosed: false,
  });

  /** A batcher that writes only when `rows` events wait (or on flush): the test decides the batch. */
  const batcherOf = (rows: number) => new IngestBatcher(prisma, { maxDelayMs: 600_000, maxRows: rows });

  async function outboundMessage(key: 'a' | 'b', phone: string, providerMessageId: string, state: string) {
    const inbound = await batcherOf(1).ingest(message(key, phone, `${providerMessageId}.in`));
    if (inbound.outcome !== 'accepted') throw new Error(inbound.outcome);
    return withTenant(prisma, channels[key].tenantId, async (tx) => {
      const first = await tx.message.findFirstOrThrow({
        where: { providerMessageId: `${providerMessageId}.in` },
      });
      return tx.message.create({
        data: {
          tenantId: channels[key].tenantId,
          conversationId: first.conversationId,
          contactId: first.contactId,
          channelId: channels[key].id,
          direction: 'out',
          type: 'text',
          body: { type: 'text', text: 'hi' },
          providerMessageId,
          status: state as 'sent',
        },
      });
    });
  }

  it('writes a batch mixing two tenants in one transaction, each row in its own tenant', async () => {
    const phone = '+351916660001';
    const batcher = batcherOf(7);
    const only = (id: string): ChannelScope => ({ kind: 'channels', channelIds: [id] });
    const counter = installStatementCounter();
    let outcomes: IngestOutcome[];
    try {
      outcomes = await Promise.all([
        batcher.ingest(message('a', phone, 'wamid.mix.a1')),
        batcher.ingest(message('b', phone, 'wamid.mix.b1')),
        batcher.ingest(message('a', phone, 'wamid.mix.a2')),
        batcher.ingest(message('b', '+351916660002', 'wamid.mix.b2')),
        batcher.ingest(message('a', '+351916660003', 'wamid.mix.a3')),
        batcher.ingest(message('b', '+351916660004', 'wamid.mix.b3')),
        // A webhook signed for tenant a's channel that names tenant b's number reaches nothing.
        batcher.ingest(message('b', '+351916660005', 'wamid.mix.forged'), only(channels.a.id)),
        batcher.ingest(message('a', '+351916660006', 'wamid.mix.a4')),
      ]);
    } finally {
      counter.uninstall();
    }
    expect(outcomes.map((o) => o.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'foreign_channel',
      'accepted',
    ]);
    // Seven events, one transaction: per tenant the scope, contacts, conversations, messages and
    // contact events (and the tenant's settings once), whatever the number of events.
    const counted = counter.take();
    expect(counted.transactions).toBe(1);
    expect(counted.statements).toBeLessThanOrEqual(2 + 2 * 6 + 2 /* channel lookups */);

    for (const key of ['a', 'b'] as const) {
      await withTenant(prisma, channels[key].tenantId, async (tx) => {
        const messages = await tx.message.findMany({
          where: { providerMessageId: { startsWith: 'wamid.mix.' } },
        });
        expect(messages.map((m) => m.providerMessageId).sort()).toEqual(
          key === 'a'
            ? ['wamid.mix.a1', 'wamid.mix.a2', 'wamid.mix.a3', 'wamid.mix.a4']
            : ['wamid.mix.b1', 'wamid.mix.b2', 'wamid.mix.b3'],
        );
        const contacts = await tx.contact.findMany({
          where: { id: { in: messages.map((m) => m.contactId) } },
        });
        expect(contacts.every((c) => c.tenantId === channels[key].tenantId)).toBe(true);
        const events = await tx.contactEvent.findMany({
          where: { contactId: { in: contacts.map((c) => c.id) } },
        });
        expect(events).toHaveLength(messages.length);
        expect(events.every((e) => e.tenantId === channels[key].tenantId)).toBe(true);
      });
    }
    // The same phone in both tenants is two contacts, one in each; the forged event wrote nothing.
    expect(await prisma.contact.count({ where: { phone } })).toBe(2);
    expect(await prisma.contact.count({ where: { phone: '+351916660005' } })).toBe(0);
  });

  it("keeps a contact's events in submission order and records a redelivered message once", async () => {
    const phone = '+351916660101';
    const batcher = batcherOf(6);
    const ids = ['wamid.order.1', 'wamid.order.2', 'wamid.order.3', 'wamid.order.4', 'wamid.order.5'];
    const outcomes = await Promise.all([
      ...ids.map((id) => batcher.ingest(message('a', phone, id))),
      batcher.ingest(message('a', phone, 'wamid.order.2')),
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual([...ids.map(() => 'accepted'), 'duplicate']);
    // A later batch redelivering one of them: still once.
    expect((await batcherOf(1).ingest(message('a', phone, 'wamid.order.4'))).outcome).toBe('duplicate');
    await withTenant(prisma, channels.a.tenantId, async (tx) => {
      const contact = await tx.contact.findUniqueOrThrow({
        where: { tenantId_phone: { tenantId: channels.a.tenantId, phone } },
      });
      const events = await tx.contactEvent.findMany({
        where: { contactId: contact.id },
        orderBy: { id: 'asc' },
      });
      expect(events.map((e) => (e.payload as { message: { id: string } }).message.id)).toEqual(ids);
      const messages = await tx.message.findMany({
        where: { contactId: contact.id },
        orderBy: [{ createdAt: 'asc' }],
      });
      expect(messages.map((m) => m.providerMessageId)).toEqual(ids);
      expect(await tx.conversation.count({ where: { contactId: contact.id } })).toBe(1);
    });
  });

  // Issue 21, fifth round: media and opt-in/out keywords no longer send their batch down a Prisma
  // copy of these statements; the same one call writes them.
  it('writes media and opt-in/out keywords in the same one call, keywords in the batch order', async () => {
    const [both, media, stop] = ['+351916660301', '+351916660302', '+351916660303'];
    const at = (ms: number) => new Date(Date.parse('2026-05-01T10:00:00.000Z') + ms).toISOString();
    const keyword = (phone: string, id: string, text: string, ms: number): ChannelEvent => {
      const event = message('a', phone, id, text);
      return event.kind === 'message' ? { ...event, message: { ...event.message, at: at(ms) } } : event;
    };
    const photo: ChannelEvent = {
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId: channels.a.phoneNumberId },
      contact: { waId: media.slice(1), phone: media },
      message: {
        type: 'media',
        media: { kind: 'image', id: 'media-1', mimeType: 'image/jpeg', filename: 'menu.jpg' },
        providerMessageId: 'wamid.kw.photo',
        at: at(0),
      },
    };
    const batcher = batcherOf(5);
    const counter = installStatementCounter();
    let outcomes: IngestOutcome[];
    try {
      outcomes = await Promise.all([
        batcher.ingest(keyword(both, 'wamid.kw.1', 'stop', 1_000)),
        batcher.ingest(photo),
        batcher.ingest(keyword(both, 'wamid.kw.2', ' START ', 2_000)),
        batcher.ingest(keyword(stop, 'wamid.kw.3', 'STOP', 3_000)),
        batcher.ingest(keyword(both, 'wamid.kw.1', 'stop', 1_000)),
      ]);
    } finally {
      counter.uninstall();
    }
    expect(outcomes.map((o) => o.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'duplicate',
    ]);
    // One tenant: its settings (keywords) once, then the batch as ONE call, its own transaction.
    const { texts } = counter.take();
    expect(texts.filter((text) => !text.includes('"public"."channels"'))).toEqual([
      expect.stringMatching(/SELECT settings FROM tenants/),
      expect.stringMatching(/ll_ingest_tenant_batch\(/),
    ]);

    await withTenant(prisma, channels.a.tenantId, async (tx) => {
      const contact = (phone: string) =>
        tx.contact.findUniqueOrThrow({ where: { tenantId_phone: { tenantId: channels.a.tenantId, phone } } });
      // STOP then START: opted in, each keyword's own time kept.
      expect(await contact(both)).toMatchObject({
        optInState: 'opted_in',
        optedOutAt: new Date(at(1_000)),
        optedInAt: new Date(at(2_000)),
        lastInboundAt: new Date(at(2_000)),
      });
      expect(await contact(stop)).toMatchObject({ optInState: 'opted_out', optedOutAt: new Date(at(3_000)) });
      expect(await contact(media)).toMatchObject({ optInState: 'unknown' });

      const events = await tx.contactEvent.findMany({
        where: { contactId: { in: [(await contact(both)).id, (await contact(media)).id] } },
        orderBy: { id: 'asc' },
      });
      expect(events.map((e) => [e.kind, e.kind === 'control' ? e.payload : 'message'])).toEqual([
        ['control', { action: 'opt_out' }],
        ['inbound', 'message'],
        ['control', { action: 'opt_in' }],
      ]);
      // The photo's file row, pending until the inbound-media job fetches it; one per message.
      const files = await tx.messageMedia.findMany({ where: { contactId: (await contact(media)).id } });
      expect(files).toEqual([
        expect.objectContaining({
          kind: 'image',
          mimeType: 'image/jpeg',
          filename: 'menu.jpg',
          status: 'pending',
        }),
      ]);
      const photoRow = await tx.message.findFirstOrThrow({ where: { providerMessageId: 'wamid.kw.photo' } });
      expect(files[0].messageId).toBe(photoRow.id);
    });
  });

  it('applies a batch of statuses set-based and only forward', async () => {
    const one = await outboundMessage('a', '+351916660201', 'wamid.st.one', 'queued');
    const read = await outboundMessage('a', '+351916660202', 'wamid.st.read', 'read');
    const failed = await outboundMessage('b', '+351916660203', 'wamid.st.failed', 'failed');
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s));
    const batcher = batcherOf(7);
    const outcomes = await Promise.all([
      batcher.ingest(status('a', 'wamid.st.one', 'delivered', t(2))),
      batcher.ingest(status('a', 'wamid.st.one', 'sent', t(1))),
      batcher.ingest(status('a', 'wamid.st.read', 'delivered', t(3))),
      batcher.ingest(status('b', 'wamid.st.failed', 'read', t(4))),
      batcher.ingest(status('a', 'wamid.st.nobody', 'sent', t(5))),
      batcher.ingest(status('a', 'wamid.st.one', 'sent', t(1))),
      // Tenant b's message named on tenant a's channel: not found there.
      batcher.ingest(status('a', 'wamid.st.failed', 'delivered', t(6))),
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual([
      'recorded',
      'recorded',
      'recorded',
      'recorded',
      'unknown_message',
      'recorded',
      'unknown_message',
    ]);
    const after = await prisma.message.findMany({ where: { id: { in: [one.id, read.id, failed.id] } } });
    const byId = new Map(after.map((m) => [m.id, m]));
    expect(byId.get(one.id)).toMatchObject({ status: 'delivered', sentAt: t(1), deliveredAt: t(2) });
    expect(byId.get(read.id)).toMatchObject({ status: 'read', deliveredAt: t(3) });
    expect(byId.get(failed.id)).toMatchObject({ status: 'failed', readAt: t(4), deliveredAt: t(4) });
    // A later "sent" never moves a delivered message back.
    expect((await batcherOf(1).ingest(status('a', 'wamid.st.one', 'sent', t(7)))).outcome).toBe('recorded');
    expect((await prisma.message.findUniqueOrThrow({ where: { id: one.id } })).status).toBe('delivered');
  });

  it('answers only after the commit: a caller waits while its batch cannot commit', async () => {
    const phone = '+351916660301';
    expect((await batcherOf(1).ingest(message('a', phone, 'wamid.wait.0'))).outcome).toBe('accepted');
    // Another transaction holds the contact's row: the batch's upsert waits on it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked = false;
    const holder = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM contacts WHERE phone = ${phone} FOR UPDATE`;
        locked = true;
        await released;
      },
      { timeout: 120_000 },
    );
    await waitFor('the contact row locked', () => locked || undefined, 60_000);
    let settled = false;
    const answer = batcherOf(1)
      .ingest(message('a', phone, 'wamid.wait.1'))
      .finally(() => (settled = true));
    await waitFor(
      'the batch waiting on the lock',
      async () => {
        const rows = await prisma.$queryRaw<Array<{ n: bigint }>>`
        SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        return Number(rows[0].n) > 0 || undefined;
      },
      60_000,
    );
    expect(settled).toBe(false);
    expect(await prisma.message.count({ where: { providerMessageId: 'wamid.wait.1' } })).toBe(0);
    release();
    await holder;
    expect((await answer).outcome).toBe('accepted');
    expect(await prisma.message.count({ where: { providerMessageId: 'wamid.wait.1' } })).toBe(1);
  });

  it('fails only the event the database refuses when a batch fails, and writes nothing of it', async () => {
    // A database error in the batch's last statement (the contact events), after its contacts,
    // conversations and messages were written in the same transaction.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.payload::text LIKE '%POISON%' THEN RAISE EXCEPTION 'poisoned event'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON contact_events FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    const sent = await outboundMessage('b', '+351916660401', 'wamid.fail.out', 'sent');
    try {
      const batcher = batcherOf(4);
      const settled = await Promise.allSettled([
        batcher.ingest(message('a', '+351916660402', 'wamid.fail.1')),
        batcher.ingest(message('b', '+351916660403', 'wamid.fail.2')),
        batcher.ingest(status('b', 'wamid.fail.out', 'delivered', new Date())),
        batcher.ingest(message('a', '+351916660404', 'wamid.fail.3', 'POISON')),
      ]);
      // The three good events are answered after their own commits; the refused one is not.
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
      expect(
        await prisma.contact.count({ where: { phone: { in: ['+351916660402', '+351916660403'] } } }),
      ).toBe(2);
      // Nothing of the refused event: no contact, no message.
      expect(await prisma.contact.count({ where: { phone: '+351916660404' } })).toBe(0);
      expect(
        await prisma.message.count({
          where: { providerMessageId: { in: ['wamid.fail.1', 'wamid.fail.2', 'wamid.fail.3'] } },
        }),
      ).toBe(2);
      expect((await prisma.message.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe('delivered');
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_poison ON contact_events`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION refuse_poison()`);
    }
    // The provider's retry of the refused webhook, once the database takes it, is accepted.
    expect((await batcherOf(1).ingest(message('a', '+351916660404', 'wamid.fail.3', 'POISON'))).outcome).toBe(
      'accepted',
    );
  });

  it('answers a committed batch without waiting for its wake-up, one job naming its contacts that flush waits for', async () => {
    const calls: Array<{ method: 'add' | 'addBulk'; jobs: EngineJob[] }> = [];
    // Redis holds the wake-up until released: the callers must be answered meanwhile (the commit
    // made them durable; a lost wake is the sweeper's), not after the wake gave up (WAKE_TIMEOUT_MS,
    // reported to onWakeError) as they were before. The fallback release only ends the test.
    let released = false;
    const wakeErrors: unknown[] = [];
    let release!: () => void;
    const wakeHeld = new Promise<void>((resolve) => (release = resolve));
    const fallback = setTimeout(release, 20_000);
    const queue: JobQueue = {
      add: async (job) => {
        calls.push({ method: 'add', jobs: [job] });
        await wakeHeld;
        released = true;
      },
      addBulk: async (jobs) => void calls.push({ method: 'addBulk', jobs: [...jobs] }),
      oldestWaitingSince: async () => undefined,
    };
    const written: IngestBatchSummary[] = [];
    const client = new EngineClient(
      prisma,
      queue,
      systemClock,
      (error) => wakeErrors.push(error),
      undefined,
      {
        maxDelayMs: 600_000,
        maxRows: 5,
        onWritten: (summary) => written.push(summary),
      },
    );
    const outcomes = await Promise.all(
      [
        message('a', '+351916660501', 'wamid.wake.1'),
        message('a', '+351916660502', 'wamid.wake.2'),
        message('a', '+351916660501', 'wamid.wake.3'),
        message('b', '+351916660503', 'wamid.wake.4'),
        message('a', '+351916660502', 'wamid.wake.5'),
      ].map((event) => client.ingest(event)),
    );
    expect({ released, wakeErrors }).toEqual({ released: false, wakeErrors: [] });
    expect(outcomes.map((o) => o.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    // The events are committed when their callers are answered (what the 200 promises).
    const ids = outcomes.map((o) => (o.outcome === 'accepted' ? o.contactId : ''));
    const pending = await prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM contact_events
      WHERE contact_id = ANY(${[...new Set(ids)]}::uuid[]) AND processed_at IS NULL`;
    expect(pending[0].n).toBe(5);
    // One job (one Redis round trip, one Lua call) for the batch, already sent; flush waits for it.
    expect(calls.map((call) => call.method)).toEqual(['add']);
    const flushed = client.flush().then(() => released);
    release();
    clearTimeout(fallback);
    expect(await flushed).toBe(true);
    expect(wakeErrors).toEqual([]);
    const contactIds = [...new Set(ids)];
    expect(calls[0].jobs.map((job) => job.data)).toEqual([
      { contacts: contactIds.map((contactId) => ({ tenantId: expect.any(String), contactId })) },
    ]);
    expect(written).toEqual([{ events: 5, ms: expect.any(Number), splitAfterError: false }]);
  });

  /** Holds a contact's row locked (FOR UPDATE) until `release` is called: a batch touching it waits. */
  async function holdContact(phone: string) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked = false;
    const holder = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM contacts WHERE phone = ${phone} FOR UPDATE`;
        locked = true;
        await released;
      },
      { timeout: 120_000 },
    );
    await waitFor('the contact row locked', () => locked || undefined, 60_000);
    const waiting = () =>
      waitFor(
        'a batch waiting on the lock',
        async () => {
          const rows = await prisma.$queryRaw<Array<{ n: bigint }>>`
            SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`;
          return Number(rows[0].n) > 0 || undefined;
        },
        60_000,
      );
    return {
      waiting,
      release: async () => {
        release();
        await holder;
      },
    };
  }

  it("writes a second batch while one waits on its commit, never with an event of the first's contact", async () => {
    const x = '+351916660601';
    const y = '+351916660602';
    expect((await batcherOf(1).ingest(message('a', x, 'wamid.flight.x0'))).outcome).toBe('accepted');
    // One event per batch, two batches at once.
    const batcher = new IngestBatcher(prisma, { maxDelayMs: 600_000, maxRows: 1, maxInFlight: 2 });
    const lock = await holdContact(x);
    const settled: string[] = [];
    const track = (name: string, answer: Promise<IngestOutcome>) =>
      answer.then((outcome) => {
        settled.push(name);
        return outcome;
      });
    const x1 = track('x1', batcher.ingest(message('a', x, 'wamid.flight.x1')));
    await lock.waiting();
    // Batch 2 (another contact) is written and answered while batch 1 waits on x's row.
    expect((await track('y1', batcher.ingest(message('a', y, 'wamid.flight.y1')))).outcome).toBe('accepted');
    // x's next event waits for batch 1, although a slot is free: it must not overtake x1.
    const x2 = track('x2', batcher.ingest(message('a', x, 'wamid.flight.x2')));
    expect((await track('y2', batcher.ingest(message('a', y, 'wamid.flight.y2')))).outcome).toBe('accepted');
    expect(settled).toEqual(['y1', 'y2']);
    expect(
      await prisma.message.count({
        where: { providerMessageId: { in: ['wamid.flight.x1', 'wamid.flight.x2'] } },
      }),
    ).toBe(0);
    await lock.release();
    expect((await x1).outcome).toBe('accepted');
    expect((await x2).outcome).toBe('accepted');
    expect(settled).toEqual(['y1', 'y2', 'x1', 'x2']);
    await batcher.flush();
    await withTenant(prisma, channels.a.tenantId, async (tx) => {
      const contact = await tx.contact.findUniqueOrThrow({
        where: { tenantId_phone: { tenantId: channels.a.tenantId, phone: x } },
      });
      const events = await tx.contactEvent.findMany({
        where: { contactId: contact.id },
        orderBy: { id: 'asc' },
      });
      expect(events.map((e) => (e.payload as { message: { id: string } }).message.id)).toEqual([
        'wamid.flight.x0',
        'wamid.flight.x1',
        'wamid.flight.x2',
      ]);
    });
  });

  it('fails exactly the events of the batch that cannot commit, while the other batch in flight commits', async () => {
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.payload::text LIKE '%POISON%' THEN RAISE EXCEPTION 'poisoned event'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON contact_events FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    const x = '+351916660701';
    try {
      expect((await batcherOf(1).ingest(message('a', x, 'wamid.split.x0'))).outcome).toBe('accepted');
      const batcher = new IngestBatcher(prisma, { maxDelayMs: 600_000, maxRows: 2, maxInFlight: 2 });
      const lock = await holdContact(x);
      // Batch 1: both its events refused by the database (after waiting on x's row).
      const first = Promise.allSettled([
        batcher.ingest(message('a', x, 'wamid.split.x1', 'POISON 1')),
        batcher.ingest(message('b', '+351916660702', 'wamid.split.z1', 'POISON 2')),
      ]);
      await lock.waiting();
      // Batch 2, in flight at the same time: committed and answered.
      const second = await Promise.allSettled([
        batcher.ingest(message('a', '+351916660703', 'wamid.split.y1')),
        batcher.ingest(message('b', '+351916660704', 'wamid.split.y2')),
      ]);
      expect(second.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      await lock.release();
      expect((await first).map((s) => s.status)).toEqual(['rejected', 'rejected']);
      expect(
        await prisma.message.count({
          where: { providerMessageId: { in: ['wamid.split.x1', 'wamid.split.z1'] } },
        }),
      ).toBe(0);
      expect(
        await prisma.message.count({
          where: { providerMessageId: { in: ['wamid.split.y1', 'wamid.split.y2'] } },
        }),
      ).toBe(2);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_poison ON contact_events`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION refuse_poison()`);
    }
  });

  it('tells the assignee of a conversation of a reply written by a batch (customer.replied)', async () => {
    const phone = '+351916660801';
    const first = await batcherOf(1).ingest(message('a', phone, 'wamid.notice.1'));
    if (first.outcome !== 'accepted') throw new Error(first.outcome);
    const agent = await prisma.user.create({
      data: { tenantId: channels.a.tenantId, email: 'agent-batch@x.test', passwordHash: 'x', role: 'agent' },
    });
    const conversation = await prisma.conversation.findFirstOrThrow({
      where: { contactId: first.contactId },
    });
    await prisma.conversation.update({ where: { id: conversation.id }, data: { assignedUserId: agent.id } });
    const batcher = batcherOf(2);
    const outcomes = await Promise.all([
      batcher.ingest(message('a', phone, 'wamid.notice.2', 'are you there?')),
      batcher.ingest(message('a', '+351916660802', 'wamid.notice.3', 'nobody assigned')),
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted']);
    const events = await withTenant(prisma, channels.a.tenantId, (tx) =>
      tx.notificationEvent.findMany({ where: { type: 'customer.replied' } }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ contactId: first.contactId, conversationId: conversation.id });
    expect(events[0].payload).toEqual({
      contact: { name: 'Ana', phone },
      text: 'are you there?',
      recipientUserId: agent.id,
    });
  });
});
