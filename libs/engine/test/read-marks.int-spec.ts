import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { UNREAD_INBOUND_LATERAL } from '../src/mark-read';
import { runHot } from '../src/sql/hot-sql';
import { claimStatement, MARK_READ, persistStepsFor } from '../src/sql/hot-statements';
import { RECORD_ANSWER_BATCH } from '../src/sql/answer-statements';
import { inlineSendStep, nestedPlans, seedProbeTenant } from './support/statement-probe';

// The read receipt (mark-read.ts) reads only a conversation's newest messages since issue 21's
// eighth round (sql/read-marks.ts): its target is the latest inbound message if it is unread, and
// its mark starts at the latest inbound message already read. Same rows as "the latest unread" and
// "every unread before the bound" while a conversation's read inbound messages are its earliest
// ones, which the mark keeps; these cases hold the three readers (PERSIST_STEPS, the send claim,
// and both marks) to that, and show what a row that breaks it (written out of order) gets.

const TENANT = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const CHANNEL = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const T0 = new Date('2026-12-09T09:00:00.000Z');

interface Fixture {
  conversation: string;
  contact: string;
  run: string;
  flow: string;
  version: string;
}

describe('the read receipt: its target and its mark', () => {
  let db: TestDatabase;
  let client: Client;
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await seedProbeTenant(client, TENANT, CHANNEL);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  /** A contact with a waiting run and an open conversation, no message yet. */
  async function conversationOf(): Promise<Fixture> {
    seq += 1;
    const { rows } = await client.query<Fixture>(
      `WITH c AS (INSERT INTO contacts (tenant_id, phone) VALUES ($1, '3519800000' || $3::int) RETURNING id),
            v AS (SELECT id, flow_id FROM flow_versions LIMIT 1),
            r AS (INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id, status)
                  SELECT $1, v.flow_id, v.id, c.id, 'waiting' FROM v, c RETURNING id, flow_id, flow_version_id),
            k AS (INSERT INTO conversations (tenant_id, contact_id, channel_id) SELECT $1, id, $2 FROM c RETURNING id)
       SELECT k.id AS conversation, c.id AS contact, r.id AS run, r.flow_id AS flow, r.flow_version_id AS version
       FROM k, c, r`,
      [TENANT, CHANNEL, seq],
    );
    return rows[0];
  }

  /** A message `seconds` after T0 (inbound: received, with its provider id; outbound: delivered). */
  async function message(f: Fixture, direction: 'in' | 'out', seconds: number, readAt: Date | null = null) {
    const { rows } = await client.query<{ id: string; provider_message_id: string; created_at: Date }>(
      `INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                             provider_message_id, run_id, read_at, created_at)
       VALUES ($1, $2, $3, $4, $5::message_direction, 'text', '{}',
               (CASE $5 WHEN 'in' THEN 'received' ELSE 'delivered' END)::message_status,
               'wamid.' || gen_random_uuid(), CASE $5 WHEN 'out' THEN $6::uuid END, $7, $8)
       RETURNING id::text, provider_message_id, created_at`,
      [
        TENANT,
        f.conversation,
        f.contact,
        CHANNEL,
        direction,
        f.run,
        readAt,
        new Date(T0.getTime() + seconds * 1000),
      ],
    );
    return rows[0];
  }

  /** The receipt target PERSIST_STEPS reads for an inline send of this conversation (rolled back). */
  async function persistTarget(f: Fixture): Promise<string | null> {
    seq += 1;
    const step = inlineSendStep(f, CHANNEL, crypto.randomUUID(), seq);
    await client.query('BEGIN');
    try {
      const [row] = await runHot(client, persistStepsFor([step]), [
        JSON.stringify([step]),
        TENANT,
        new Date(),
      ]);
      return row.unread_provider_id;
    } finally {
      await client.query('ROLLBACK');
    }
  }

  /** The receipt target the send job's claim reads for a queued reply written now (rolled back). */
  async function claimTarget(f: Fixture): Promise<string | null> {
    await client.query('BEGIN');
    try {
      const reply = await message(f, 'out', 3600);
      await client.query(`UPDATE messages SET status = 'queued' WHERE id = $1`, [reply.id]);
      const [row] = await runHot(client, claimStatement(UNREAD_INBOUND_LATERAL), [reply.id, TENANT]);
      return row.unread_provider_id;
    } finally {
      await client.query('ROLLBACK');
    }
  }

  const targets = async (f: Fixture) => [await persistTarget(f), await claimTarget(f)];

  const marks = {
    'the answers batch': (f: Fixture, bound: Date, at: Date) =>
      runHot(client, RECORD_ANSWER_BATCH, [TENANT, [], [], [], [], [f.conversation], [bound], [at]]),
    MARK_READ: (f: Fixture, bound: Date, at: Date) =>
      runHot(client, MARK_READ, [at, f.conversation, TENANT, bound]),
  };

  async function readAts(f: Fixture): Promise<Record<string, Date | null>> {
    const { rows } = await client.query<{ provider_message_id: string; read_at: Date | null }>(
      `SELECT provider_message_id, read_at FROM messages WHERE conversation_id = $1 AND direction = 'in'`,
      [f.conversation],
    );
    return Object.fromEntries(rows.map((row) => [row.provider_message_id, row.read_at]));
  }

  const justAfter = (at: Date) => new Date(at.getTime() + 1);

  // The answers batch is a prepared statement, and its function's statements PL/pgSQL's cached plans:
  // after a few runs PostgreSQL may keep a generic plan made while the table was small (as here: a few
  // dozen messages), and in the bench such a plan read the marks' messages with a sequential scan of
  // the whole table (auto_explain: 622 buffers a call), where each conversation's own scan reads a few rows.
  it("the answers batch's generic plan on a small table still scans each conversation by its index", async () => {
    const f = await conversationOf();
    await message(f, 'in', 1);
    const { plans } = await nestedPlans(
      client,
      RECORD_ANSWER_BATCH,
      [TENANT, [], [], [], [], [f.conversation], [new Date()], [new Date()]],
      { mode: 'force_generic_plan' },
    );
    // The mark (ll_record_answer_batch's update of the conversation's unread inbound messages).
    const mark = plans.slice(plans.indexOf('UPDATE messages i SET read_at'));
    expect(mark).not.toMatch(/(Seq|Bitmap Heap) Scan on messages/);
    expect(mark).toMatch(
      /messages_conversation_id_created_at_idx on messages i [^\n]*\n\s*Index Cond: \(\(conversation_id = \$\d+\) AND \(created_at < \$\d+\) AND \(created_at >= /,
    );
  });

  describe.each(Object.entries(marks))('marked by %s', (_name, mark) => {
    it('older unread inbound messages: the latest is the target, and all of them are marked', async () => {
      const f = await conversationOf();
      const first = await message(f, 'in', 1);
      await message(f, 'out', 2);
      const second = await message(f, 'in', 3);
      const third = await message(f, 'in', 4);
      expect(await targets(f)).toEqual([third.provider_message_id, third.provider_message_id]);

      const at = new Date('2026-12-09T10:00:00.000Z');
      await mark(f, justAfter(third.created_at), at);
      expect(await readAts(f)).toEqual({
        [first.provider_message_id]: at,
        [second.provider_message_id]: at,
        [third.provider_message_id]: at,
      });
      // Everything read: no target (a second send of the same step, a timer's step).
      expect(await targets(f)).toEqual([null, null]);
    });

    it('the next answer marks only what came since; a message after the bound stays unread', async () => {
      const f = await conversationOf();
      const first = await message(f, 'in', 1);
      await message(f, 'out', 2);
      const firstAt = new Date('2026-12-09T10:00:00.000Z');
      await mark(f, justAfter(first.created_at), firstAt);

      const second = await message(f, 'in', 3);
      await message(f, 'out', 4);
      const third = await message(f, 'in', 5);
      const later = await message(f, 'in', 6);
      // The answer covered `third` (the bound), `later` arrived after the claim read its target.
      const secondAt = new Date('2026-12-09T10:01:00.000Z');
      await mark(f, justAfter(third.created_at), secondAt);
      expect(await readAts(f)).toEqual({
        [first.provider_message_id]: firstAt,
        [second.provider_message_id]: secondAt,
        [third.provider_message_id]: secondAt,
        [later.provider_message_id]: null,
      });
      expect(await targets(f)).toEqual([later.provider_message_id, later.provider_message_id]);
    });

    it('a conversation with no inbound message has no target, and a mark marks nothing', async () => {
      const f = await conversationOf();
      const reply = await message(f, 'out', 1);
      await message(f, 'out', 2);
      expect(await targets(f)).toEqual([null, null]);
      await mark(f, justAfter(reply.created_at), new Date());
      expect(await readAts(f)).toEqual({});
    });

    it('an inbound message written out of order, before one already read, is neither target nor marked', async () => {
      // The ingest cannot write this (a contact's inbound messages commit in created_at order:
      // sql/read-marks.ts); a hand-made created_at in the past can. Before issue 21's eighth round
      // the next answer also marked it (and made it the target while no newer one was unread).
      const f = await conversationOf();
      const read = await message(f, 'in', 10, new Date('2026-12-09T10:00:00.000Z'));
      const early = await message(f, 'in', 5);
      expect(await targets(f)).toEqual([null, null]);
      const next = await message(f, 'in', 20);
      expect(await targets(f)).toEqual([next.provider_message_id, next.provider_message_id]);
      const at = new Date('2026-12-09T10:02:00.000Z');
      await mark(f, justAfter(next.created_at), at);
      expect(await readAts(f)).toMatchObject({
        [read.provider_message_id]: new Date('2026-12-09T10:00:00.000Z'),
        [early.provider_message_id]: null,
        [next.provider_message_id]: at,
      });
    });
  });
});
