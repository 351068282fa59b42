import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { runHot } from '../src/sql/hot-sql';
import { APPLY_HEADS } from '../src/sql/hot-statements';
import { fillPlansFixture, PLANS_CHANNEL, PLANS_TENANT } from './plans-fixture';

// The head rules (ll_apply_heads, migration 20261211010000_batch_key_probes, called by APPLY_HEADS
// for a batch of steps and for a step alone): the campaign reply window and order, the fired timer,
// `more`, the runs. The plan tests (batch-key-probes.int-spec.ts) check how it reads; this one checks
// WHAT it reads and writes (contact_events.processed_at, campaign_recipients.replied_at,
// run_timers.fired_at) on one fixture holding every case of those rules, each call in a transaction
// rolled back so each starts from the same rows. Issue 21, eleventh round: the rules were written
// twice until then (the single-contact APPLY_HEAD beside the function) and this test held the two
// copies equal; now there is one copy, checked against the rules themselves.

const TENANT = PLANS_TENANT;
const CHANNEL = PLANS_CHANNEL;
const NOW = new Date('2026-12-07T10:00:00.000Z');
/** The campaign reply window's start: an hour before NOW. */
const SINCE = new Date(NOW.getTime() - 3_600_000);
const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

const CAMPAIGNS = {
  old: 'a1000000-0000-4000-8000-000000000001',
  earlier: 'a1000000-0000-4000-8000-000000000002',
  latest: 'a1000000-0000-4000-8000-000000000003',
  bare: 'a1000000-0000-4000-8000-000000000004',
};

/** The fixture's contacts, each one case of the rules. */
interface Cases {
  /** Three pending inbound events; recipients queued before the window and two inside it. */
  reply: string;
  /** Its one pending event: a timer of its active run, pending (fires). Recipients inside the window. */
  fires: string;
  /** A timer of one of its ENDED runs, cancelled (no fire, untouched); a second event waits. */
  cancelled: string;
  /** A timer of its active run already fired (no fire, untouched). */
  fired: string;
  /** An inbound head; its recipients: before the window, replied already, not queued (no reply). */
  noReply: string;
  /** An inbound head; one recipient inside the window, of a campaign without flow_key. */
  bare: string;
  /** Every event processed: no row. */
  idle: string;
}

/** The written columns of the fixture's contacts' rows, by table and id. */
type Written = Record<string, string | null>;

describe('APPLY_HEADS applies the head rules to each contact', () => {
  let db: TestDatabase;
  let client: Client;
  let cases: Cases;
  let contacts: string[];
  /** The first pending event of each contact (the head), and its second (there is one when `more`). */
  let pending: Map<string, string[]>;
  let recipients: Record<string, string>;
  let timers: Record<'pending' | 'cancelled' | 'fired', { id: string; due: Date }>;
  let before: Written;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await fillPlansFixture(client);
    const found = await client.query<{
      id: string;
      run_id: string;
      flow_id: string;
      flow_version_id: string;
    }>(
      `SELECT c.id, r.id AS run_id, r.flow_id, r.flow_version_id
       FROM contacts c JOIN flow_runs r ON r.contact_id = c.id ORDER BY c.phone LIMIT 7`,
    );
    const [reply, fires, cancelled, fired, noReply, bare, idle] = found.rows;
    cases = {
      reply: reply.id,
      fires: fires.id,
      cancelled: cancelled.id,
      fired: fired.id,
      noReply: noReply.id,
      bare: bare.id,
      idle: idle.id,
    };
    contacts = Object.values(cases);

    for (const [id, flowKey, buttons] of [
      [CAMPAIGNS.old, 'old-flow', {}],
      [CAMPAIGNS.earlier, 'earlier-flow', { No: 'no-flow' }],
      [CAMPAIGNS.latest, 'latest-flow', { Yes: 'yes-flow' }],
      [CAMPAIGNS.bare, null, {}],
    ] as const)
      await client.query(
        `INSERT INTO campaigns (id, tenant_id, name, channel_id, template_name, template_language, audience, flow_key, button_flows)
         VALUES ($1, $2, 'c', $3, 't', 'en', '{}', $4, $5)`,
        [id, TENANT, CHANNEL, flowKey, JSON.stringify(buttons)],
      );
    const recipient = async (
      contact: string,
      campaign: string,
      queuedAt: Date,
      extra: { state?: string; repliedAt?: Date } = {},
    ) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO campaign_recipients (tenant_id, campaign_id, contact_id, state, queued_at, replied_at)
           VALUES ($1, $2, $3, $4::campaign_recipient_state, $5, $6) RETURNING id::text`,
          [TENANT, campaign, contact, extra.state ?? 'queued', queuedAt, extra.repliedAt ?? null],
        )
      ).rows[0].id;
    // Inserted out of queued_at order: the latest inside the window has neither the smallest nor
    // the largest id.
    recipients = {
      replyOld: await recipient(cases.reply, CAMPAIGNS.old, minutesBefore(90)),
      replyLatest: await recipient(cases.reply, CAMPAIGNS.latest, minutesBefore(5)),
      replyEarlier: await recipient(cases.reply, CAMPAIGNS.earlier, minutesBefore(20)),
      firesLatest: await recipient(cases.fires, CAMPAIGNS.latest, minutesBefore(5)),
      noReplyOld: await recipient(cases.noReply, CAMPAIGNS.old, minutesBefore(90)),
      noReplyReplied: await recipient(cases.noReply, CAMPAIGNS.latest, minutesBefore(5), {
        repliedAt: minutesBefore(2),
      }),
      noReplyPending: await recipient(cases.noReply, CAMPAIGNS.earlier, minutesBefore(10), {
        state: 'pending',
      }),
      bare: await recipient(cases.bare, CAMPAIGNS.bare, minutesBefore(30)),
    };

    // The cancelled case's ENDED run (its timer's head names it, so it is among the runs), older
    // than the active one; its timer cancelled.
    const ended = await client.query<{ id: string }>(
      `INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id, status, ended_at, updated_at)
       VALUES ($1, $2, $3, $4, 'completed', $5, $5) RETURNING id`,
      [TENANT, cancelled.flow_id, cancelled.flow_version_id, cancelled.id, minutesBefore(600)],
    );
    // The fixture's pending timers of the active runs: t1 left pending, t3 fired a day ago.
    const timer = async (run: string, timerId: string, fire: boolean) =>
      (
        await client.query<{ id: string; due_at: Date }>(
          `UPDATE run_timers SET fired_at = CASE WHEN $3 THEN now() - interval '1 day' END
           WHERE run_id = $1 AND timer_id = $2 RETURNING id, due_at`,
          [run, timerId, fire],
        )
      ).rows[0];
    const cancelledTimer = await client.query<{ id: string; due_at: Date }>(
      `INSERT INTO run_timers (tenant_id, run_id, contact_id, timer_id, due_at, cancelled_at)
       VALUES ($1, $2, $3, 'tx', $4, $4) RETURNING id, due_at`,
      [TENANT, ended.rows[0].id, cancelled.id, minutesBefore(700)],
    );
    const firesTimer = await timer(fires.run_id, 't1', false);
    const firedTimer = await timer(fired.run_id, 't3', true);
    timers = {
      pending: { id: firesTimer.id, due: firesTimer.due_at },
      cancelled: { id: cancelledTimer.rows[0].id, due: cancelledTimer.rows[0].due_at },
      fired: { id: firedTimer.id, due: firedTimer.due_at },
    };

    // Events: a processed one per contact (never a head), then each case's pending ones, in id order.
    const event = async (contact: string, kind: string, payload: object, processed = false) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO contact_events (tenant_id, contact_id, kind, payload, occurred_at, processed_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
          [
            TENANT,
            contact,
            kind,
            JSON.stringify(payload),
            minutesBefore(1),
            processed ? minutesBefore(1) : null,
          ],
        )
      ).rows[0].id;
    for (const contact of contacts) await event(contact, 'inbound', { old: true }, true);
    const timerPayload = (run: string, timerId: string) => ({ runId: run, timerId });
    pending = new Map([
      [
        cases.reply,
        [
          await event(cases.reply, 'inbound', { text: 'first' }),
          await event(cases.reply, 'inbound', { text: 'second' }),
          await event(cases.reply, 'inbound', { text: 'third' }),
        ],
      ],
      [cases.fires, [await event(cases.fires, 'timer', timerPayload(fires.run_id, 't1'))]],
      [
        cases.cancelled,
        [
          await event(cases.cancelled, 'timer', timerPayload(ended.rows[0].id, 'tx')),
          await event(cases.cancelled, 'inbound', { text: 'later' }),
        ],
      ],
      [cases.fired, [await event(cases.fired, 'timer', timerPayload(fired.run_id, 't3'))]],
      [cases.noReply, [await event(cases.noReply, 'inbound', { text: 'hi' })]],
      [cases.bare, [await event(cases.bare, 'inbound', { text: 'hi' })]],
    ]);
    before = await written(client);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  /** The written columns of the fixture's contacts' rows (exact text of each timestamp). */
  async function written(session: Client): Promise<Written> {
    const { rows } = await session.query<{ key: string; at: string | null }>(
      `SELECT 'contact_events:' || id AS key, processed_at::text AS at FROM contact_events WHERE contact_id = ANY($1::uuid[])
       UNION ALL
       SELECT 'campaign_recipients:' || id, replied_at::text FROM campaign_recipients WHERE contact_id = ANY($1::uuid[])
       UNION ALL
       SELECT 'run_timers:' || id, fired_at::text FROM run_timers WHERE contact_id = ANY($1::uuid[])`,
      [contacts],
    );
    return Object.fromEntries(rows.map((row) => [row.key, row.at]));
  }

  /** What changed from the fixture's starting rows. */
  function changes(after: Written): Written {
    return Object.fromEntries(Object.entries(after).filter(([key, at]) => before[key] !== at));
  }

  /** Runs `work` in a transaction of the tenant role under the tenant's scope, rolled back. */
  async function rolledBack<T>(work: () => Promise<T>): Promise<{ result: T; changed: Written }> {
    await client.query('BEGIN');
    try {
      await client.query(
        `SELECT set_config('role', 'leadline_app', true), set_config('app.tenant_id', $1, true)`,
        [TENANT],
      );
      const result = await work();
      return { result, changed: changes(await written(client)) };
    } finally {
      await client.query('ROLLBACK');
    }
  }

  const nowText = async () =>
    (await client.query<{ at: string }>(`SELECT $1::timestamptz::text AS at`, [NOW])).rows[0].at;

  it('reads and writes what the rules say, one row per contact with a pending event, in order', async () => {
    const batch = await rolledBack(() => runHot(client, APPLY_HEADS, [contacts, NOW, SINCE]));

    // One row per contact with a pending event, in the array's order.
    const now = await nowText();
    const head = (contact: string) => BigInt(pending.get(contact)![0]);
    const rows = batch.result.map((row) => ({
      contact: row.contact_id,
      id: row.id,
      kind: row.kind,
      more: row.more,
      runs: row.runs.map((run) => run.status),
      reply: row.reply_id === null ? null : String(row.reply_id),
      campaign: row.reply_campaign_id,
      flowKey: row.reply_flow_key,
      buttons: row.reply_button_flows,
      due: row.timer_due_at?.getTime() ?? null,
    }));
    const none = { reply: null, campaign: null, flowKey: null, buttons: null, due: null };
    expect(rows).toEqual([
      // The latest recipient inside the window, neither the one before it nor the earlier one.
      {
        contact: cases.reply,
        id: head(cases.reply),
        kind: 'inbound',
        more: true,
        runs: ['running'],
        reply: recipients.replyLatest,
        campaign: CAMPAIGNS.latest,
        flowKey: 'latest-flow',
        buttons: { Yes: 'yes-flow' },
        due: null,
      },
      // A pending timer fires (its due time); a timer head takes no campaign reply.
      {
        contact: cases.fires,
        id: head(cases.fires),
        kind: 'timer',
        more: false,
        runs: ['running'],
        ...none,
        due: timers.pending.due.getTime(),
      },
      // A cancelled timer does not fire; the ended run it names is among the runs (after the active).
      {
        contact: cases.cancelled,
        id: head(cases.cancelled),
        kind: 'timer',
        more: true,
        runs: ['running', 'completed'],
        ...none,
      },
      // An already fired timer does not fire again.
      { contact: cases.fired, id: head(cases.fired), kind: 'timer', more: false, runs: ['running'], ...none },
      // Before the window, replied already, not queued: no reply.
      {
        contact: cases.noReply,
        id: head(cases.noReply),
        kind: 'inbound',
        more: false,
        runs: ['running'],
        ...none,
      },
      // A campaign without a flow key: the reply all the same, its flow key NULL.
      {
        contact: cases.bare,
        id: head(cases.bare),
        kind: 'inbound',
        more: false,
        runs: ['running'],
        ...none,
        reply: recipients.bare,
        campaign: CAMPAIGNS.bare,
        buttons: {},
      },
    ]);
    // Written: each head processed (no other event), the two replies, the one pending timer.
    expect(batch.changed).toEqual({
      ...Object.fromEntries([...pending.values()].map((ids) => [`contact_events:${ids[0]}`, now])),
      [`campaign_recipients:${recipients.replyLatest}`]: now,
      [`campaign_recipients:${recipients.bare}`]: now,
      [`run_timers:${timers.pending.id}`]: now,
    });
  });

  it("gives a step alone (an array of one: hot-apply.ts ALONE) its contact's row and writes, as in a batch", async () => {
    const batch = await rolledBack(() => runHot(client, APPLY_HEADS, [contacts, NOW, SINCE]));
    let changed: Written = {};
    for (const contact of contacts) {
      const alone = await rolledBack(() => runHot(client, APPLY_HEADS, [[contact], NOW, SINCE]));
      expect(alone.result).toEqual(batch.result.filter((row) => row.contact_id === contact));
      changed = { ...changed, ...alone.changed };
    }
    expect(changed).toEqual(batch.changed);
  });

  it('applies a contact named twice once, in the order it first appears', async () => {
    const twice = [cases.reply, cases.fires, cases.reply, cases.fires];
    const repeated = await rolledBack(() => runHot(client, APPLY_HEADS, [twice, NOW, SINCE]));
    const once = await rolledBack(() =>
      runHot(client, APPLY_HEADS, [[cases.reply, cases.fires], NOW, SINCE]),
    );
    expect(repeated.result.map((row) => [row.contact_id, row.id])).toEqual([
      [cases.reply, BigInt(pending.get(cases.reply)![0])],
      [cases.fires, BigInt(pending.get(cases.fires)![0])],
    ]);
    expect(repeated.result).toEqual(once.result);
    // Only the head of each is processed (a second pass would have marked the reply case's next event).
    expect(repeated.changed).toEqual(once.changed);
    expect(Object.keys(repeated.changed).filter((key) => key.startsWith('contact_events:'))).toHaveLength(2);
  });

  it('returns no row for a NULL or empty array of contacts, and writes nothing', async () => {
    for (const none of [null, []]) {
      const { result, changed } = await rolledBack(() => runHot(client, APPLY_HEADS, [none, NOW, SINCE]));
      expect(result).toEqual([]);
      expect(changed).toEqual({});
    }
  });
});
