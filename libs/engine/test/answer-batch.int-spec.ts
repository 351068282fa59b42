import { createPrismaClient, pgPoolOf, runMigrations, type PrismaClient } from '@leadline/database';
import { seedTenant, type TenantRows } from '../../database/test/support/tenant-fixtures';
import { databaseUrl, dropDatabase, throwAwayDatabaseName } from '../../database/test/support/test-database';
import { AnswerRecorder, type InlineAnswer } from '../src/answer-batch';

/**
 * The group commit of inline sends' answers (answer-batch.ts): one statement records a batch of one
 * tenant's answers, outbox rows and read marks; the statement names its tenant in every part, so a
 * row of another tenant named by mistake is not touched (it runs outside a tenant transaction).
 */
const database = throwAwayDatabaseName();
let prisma: PrismaClient;
let a: TenantRows;
let b: TenantRows;
const now = new Date('2026-12-09T10:00:00.000Z');

beforeAll(async () => {
  await runMigrations({ databaseUrl: databaseUrl(database) });
  prisma = createPrismaClient({ url: databaseUrl(database) });
  a = await seedTenant(prisma, 'a');
  b = await seedTenant(prisma, 'b');
});

afterAll(async () => {
  await prisma?.$disconnect();
  await dropDatabase(database);
});

/** A queued, claimed reply in the tenant's conversation, with its step's unpublished outbox row. */
async function queuedReply(rows: TenantRows, id?: string) {
  const message = await prisma.message.create({
    data: {
      ...(id ? { id } : {}),
      tenantId: rows.tenantId,
      conversationId: rows.conversationId,
      contactId: rows.contactId,
      channelId: rows.channelId,
      direction: 'out',
      type: 'text',
      body: { type: 'text', text: 'a reply' },
      status: 'queued',
      runId: rows.runId,
      sendAttemptedAt: now,
    },
  });
  const outbox = await prisma.outboxEntry.create({
    data: { tenantId: rows.tenantId, kind: 'send', payload: { messageIds: [message.id] } },
  });
  return { messageId: message.id, outboxId: String(outbox.id) };
}

function answerOf(
  rows: TenantRows,
  reply: { messageId: string; outboxId: string },
  tenantId = rows.tenantId,
) {
  return {
    tenantId,
    outboxId: reply.outboxId,
    conversationId: rows.conversationId,
    answers: [{ id: reply.messageId, providerMessageId: `wamid.${reply.messageId}`, at: now }],
    read: { bound: new Date(Date.now() + 60_000), at: now },
  } satisfies InlineAnswer;
}

async function state(rows: TenantRows, reply: { messageId: string; outboxId: string }) {
  const [message, outbox, inbound] = await Promise.all([
    prisma.message.findUniqueOrThrow({ where: { id: reply.messageId } }),
    prisma.outboxEntry.findUnique({ where: { id: BigInt(reply.outboxId) } }),
    prisma.message.findUniqueOrThrow({ where: { id: rows.messageId } }),
  ]);
  return {
    status: message.status,
    providerMessageId: message.providerMessageId,
    // The step's row is deleted with its answers (its work done: sql/answer-statements.ts).
    outbox: outbox === null ? 'deleted' : outbox.publishedAt === null ? 'unpublished' : 'published',
    read: inbound.readAt !== null,
  };
}

it("records a batch of one tenant's answers in one statement, each with its outbox row and read mark", async () => {
  const recorder = new AnswerRecorder(pgPoolOf(prisma)!, { maxDelayMs: 200, maxRows: 32 });
  const replyA = await queuedReply(a);
  const replyB = await queuedReply(b);
  // Submitted together: one batch per tenant (a batch holds one tenant's answers).
  await Promise.all([recorder.record(answerOf(a, replyA)), recorder.record(answerOf(b, replyB))]);
  expect(recorder.written).toEqual({ batches: 2, answers: 2 });
  for (const [rows, reply] of [
    [a, replyA],
    [b, replyB],
  ] as const) {
    expect(await state(rows, reply)).toEqual({
      status: 'sent',
      providerMessageId: `wamid.${reply.messageId}`,
      outbox: 'deleted',
      read: true,
    });
  }
  // Two answers of one tenant: one statement.
  const more = [await queuedReply(a), await queuedReply(a)];
  // In another conversation of A's (one conversation's answers never share a batch: the key).
  const other = await prisma.conversation.create({
    data: { tenantId: a.tenantId, contactId: a.contactId, channelId: a.channelId },
  });
  const second = { ...answerOf(a, more[1]), conversationId: other.id, read: null };
  await Promise.all([recorder.record(answerOf(a, more[0])), recorder.record(second)]);
  expect(recorder.written).toEqual({ batches: 3, answers: 4 });
  expect((await state(a, more[1])).status).toBe('sent');
});

it("cannot touch another tenant's message, outbox row or conversation, even when they are named", async () => {
  const recorder = new AnswerRecorder(pgPoolOf(prisma)!, { maxDelayMs: 1, maxRows: 32 });
  const fresh = await seedTenant(prisma, 'c');
  const replyC = await queuedReply(fresh);
  // Tenant A's batch naming C's rows (a bug's worth of wrong ids): the statement names A.
  await recorder.record(answerOf(fresh, replyC, a.tenantId));
  expect(recorder.written.batches).toBe(1);
  expect(await state(fresh, replyC)).toEqual({
    status: 'queued',
    providerMessageId: null,
    outbox: 'unpublished',
    read: false,
  });
});

it('a row PostgreSQL refuses fails only its own answer: the batch is written again one answer at a time', async () => {
  const recorder = new AnswerRecorder(pgPoolOf(prisma)!, { maxDelayMs: 200, maxRows: 32 });
  const good = await queuedReply(a);
  const bad = await queuedReply(a);
  const other = await prisma.conversation.create({
    data: { tenantId: a.tenantId, contactId: a.contactId, channelId: a.channelId },
  });
  // An outbox id that is no number: the gathered statement fails, nobody knows whose row it was.
  const refused = { ...answerOf(a, bad), conversationId: other.id, outboxId: 'not-a-number' };
  const [kept, lost] = await Promise.allSettled([
    recorder.record(answerOf(a, good)),
    recorder.record(refused),
  ]);
  expect([kept.status, lost.status]).toEqual(['fulfilled', 'rejected']);
  // The gathered statement, then each answer alone.
  expect(recorder.written).toEqual({ batches: 3, answers: 4 });
  expect(await state(a, good)).toMatchObject({ status: 'sent', outbox: 'deleted' });
  expect((await prisma.message.findUniqueOrThrow({ where: { id: bad.messageId } })).status).toBe('queued');
});

it('leaves a row the sweeper published meanwhile (its send job on its way), and still records the answer', async () => {
  const recorder = new AnswerRecorder(pgPoolOf(prisma)!, { maxDelayMs: 1, maxRows: 32 });
  const reply = await queuedReply(a);
  await prisma.outboxEntry.update({ where: { id: BigInt(reply.outboxId) }, data: { publishedAt: now } });
  await recorder.record(answerOf(a, reply));
  expect(await state(a, reply)).toMatchObject({ status: 'sent', outbox: 'published' });
});

it("locks a batch's messages in id order, the order the ingest applies their statuses in", async () => {
  // Stored larger id first: a plan that scans the heap (a small table's, or a bitmap scan's) meets
  // the larger id first. The ingest locks in id order (ll_ingest_tenant_batch), so a batch that
  // locked the larger id first and then waited for the smaller one would deadlock with it.
  const high = await queuedReply(a, 'f1000000-0000-4000-8000-000000000000');
  const low = await queuedReply(a, '01000000-0000-4000-8000-000000000000');
  const pool = pgPoolOf(prisma)!;
  const holder = await pool.connect();
  const probe = await pool.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM messages WHERE id = $1::uuid FOR UPDATE', [low.messageId]);
    const recorder = new AnswerRecorder(pool, { maxDelayMs: 1, maxRows: 32 });
    const recorded = recorder.record({
      ...answerOf(a, high),
      answers: [high, low].map((reply) => ({
        id: reply.messageId,
        providerMessageId: `wamid.${reply.messageId}`,
        at: now,
      })),
      read: null,
    });
    // The batch now waits for the held row (bounded: 10 s, polled).
    for (let i = 0; i < 200; i++) {
      const waiting = await probe.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%ll_record_answer_batch(%'`,
      );
      if (waiting.rows[0].n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Waiting at the smaller id, it has not locked the larger one: another transaction takes it.
    await probe.query('BEGIN');
    const taken = await probe.query('SELECT id FROM messages WHERE id = $1::uuid FOR UPDATE NOWAIT', [
      high.messageId,
    ]);
    expect(taken.rows).toHaveLength(1);
    await probe.query('ROLLBACK');
    await holder.query('COMMIT');
    await recorded;
    expect((await state(a, high)).status).toBe('sent');
    expect((await state(a, low)).status).toBe('sent');
  } finally {
    await probe.query('ROLLBACK').catch(() => undefined);
    await holder.query('ROLLBACK').catch(() => undefined);
    holder.release();
    probe.release();
  }
});
