import { echoFlow } from '../../../tools/bench/src/bench-flows';
import { IngestBatcher } from '../src/ingest-batch';
import { wakeContact } from '../src/wake';
import { waitFor } from './support/engine-harness';
import { metaStatus, startMetaEngineWorld, type MetaEngineWorld } from './support/meta-engine-world';

/**
 * The B-tree entries one conversation step writes, counted (not timed): the bench's
 * `conversation-step` unit (the contact's message webhook in, the reply sent inline and answered,
 * its `sent` and `delivered` status webhooks) on the embedded engine. Btree/INSERT_LEAF was 45.65 of
 * the 73.4 WAL records per step at saturation (issue 21, eighth round): every row inserted writes an
 * entry in each index of its table (a NULL key too, unless a partial index leaves it out), and every
 * update that is not HOT writes one in each index whose predicate the new version meets.
 *
 * Entries are read from the indexes' leaf pages (pageinspect), before and after the step: the tables
 * are small and freshly written, so no page is split, deduplicated or cleaned meanwhile and the
 * difference is exactly what the step wrote.
 */
const PER_STEP = {
  /**
   * Inbound insert 4 (primary key, contact, conversation, (channel, provider id); no run, no
   * idempotency key: the partial indexes leave it out; provider id set: not queued). Outbound insert
   * 7 (primary key, contact, conversation, (tenant, idempotency key), queued, run, and (channel,
   * provider id) with a NULL id: that unique index is the inbound dedupe's ON CONFLICT target). The
   * answer's update sets provider_message_id, an indexed column, so it is not HOT: 6 (all but
   * queued: it is answered). The statuses and the read mark are HOT: 0.
   * Before issue 21's eighth round: 6 + 7 + 6 = 19 (the NULL run and key of the inbound message).
   */
  messages: 17,
  /** Two trace rows, 3 indexes each ((run_id, seq) key, (tenant, run, seq), (version, node)); was 4. */
  run_events: 6,
  /**
   * The send row's insert (primary key, tenant, unpublished); deleted with its answer, which writes
   * no entry. Marked published it wrote 3 more (primary key, tenant, published_at): 6.
   */
  outbox: 3,
  /**
   * Insert 4 (primary key, (tenant, dedupe key), (contact, processed_at), unprocessed), the processed
   * mark 3: processed_at is a key column of the contact's index and the predicate column of the
   * sweeper's, both read on every step (APPLY_HEADS, sweeper.ts), so the mark cannot be HOT.
   */
  contact_events: 7,
  /**
   * last_message_at moves: it keys the inbox list's (tenant, last_message_at) index, so the update is
   * not HOT: 4 (primary key, tenant, contact, channel). The assignee index leaves unassigned
   * conversations out since issue 21's tenth round (migration 20261211030000): 5 before.
   */
  conversations: 4,
  /** The run's state and the contact's activity: HOT (no indexed column changes). */
  flow_runs: 0,
  contacts: 0,
};

const TABLES = Object.keys(PER_STEP);

describe('B-tree entries written per conversation step (embedded engine)', () => {
  let world: MetaEngineWorld;
  const phone = '+351915550177';

  beforeAll(async () => {
    world = await startMetaEngineWorld({
      flows: [echoFlow()],
      engine: { sweepIntervalMs: 3_600_000, channelPollMs: 3_600_000 },
    });
    await world.prisma.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pageinspect');
  });

  afterAll(async () => {
    await world?.stop();
  });

  /** Every entry of each hot table's B-tree indexes (leaf items, a posting list's every heap TID). */
  async function entries(): Promise<Record<string, number>> {
    const rows = await world.prisma.$queryRawUnsafe<Array<{ table: string; entries: number }>>(
      `SELECT t.relname::text AS "table", COALESCE(sum(e.n), 0)::int AS entries
       FROM pg_index x
       JOIN pg_class ix ON ix.oid = x.indexrelid AND ix.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')
       JOIN pg_class t ON t.oid = x.indrelid
       CROSS JOIN LATERAL generate_series(1, (pg_relation_size(ix.oid) / current_setting('block_size')::int)::int - 1) AS b(blk)
       CROSS JOIN LATERAL bt_page_stats(ix.oid::regclass::text, b.blk) s
       CROSS JOIN LATERAL (
         -- A page with a right sibling holds its high key first: no entry.
         SELECT COALESCE(sum(COALESCE(cardinality(i.tids), 1)), 0) AS n
         FROM bt_page_items(ix.oid::regclass::text, b.blk) i
         WHERE NOT (s.btpo_next <> 0 AND i.itemoffset = 1)
       ) e
       WHERE s.type = 'l' AND t.relname = ANY($1::text[])
       GROUP BY t.relname`,
      TABLES,
    );
    return Object.fromEntries(
      TABLES.map((table) => [table, rows.find((r) => r.table === table)?.entries ?? 0]),
    );
  }

  /** One step: the message in, the reply sent and its answer recorded, its two status webhooks. */
  async function oneStep(text: string, replies: number): Promise<void> {
    const batcher = new IngestBatcher(world.prisma, { maxDelayMs: 0, maxRows: 1 });
    const { wamid } = world.fake.userSends({ from: phone, text });
    const accepted = await batcher.ingest({
      kind: 'message',
      channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Rita' },
      message: { type: 'text', text, providerMessageId: wamid, at: new Date().toISOString() },
    });
    if (accepted.outcome !== 'accepted') throw new Error(`message not accepted: ${accepted.outcome}`);
    await wakeContact(world.engine.queue)(accepted.tenantId, accepted.contactId);
    const sent = await waitFor('the reply at the fake', () => {
      const out = world.fake.sent().filter((m) => m.to.replace(/\D/g, '') === phone.slice(1));
      return out.length === replies ? out : undefined;
    });
    const reply = sent[sent.length - 1].wamid;
    // The answer recorded (answer-batch.ts) before the statuses, as the provider's answer comes first.
    await waitFor('the answer recorded', async () => {
      const [row] = await world.prisma.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM messages WHERE provider_message_id = ${reply} AND status = 'sent'`;
      return row.n === 1 ? true : undefined;
    });
    for (const value of ['sent', 'delivered'] as const) {
      expect((await batcher.ingest(metaStatus(world, phone, reply, value))).outcome).toBe('recorded');
    }
  }

  it('a steady-state step writes only the index entries its readers need', async () => {
    // The first message starts the run (another path, once per conversation); the second is the step.
    await oneStep('benchmark please', 1);
    const before = await entries();
    await oneStep('an answer', 2);
    const after = await entries();
    const written = Object.fromEntries(TABLES.map((table) => [table, after[table] - before[table]]));
    expect(written).toEqual(PER_STEP);
    expect(world.errors).toEqual([]);
  });
});
