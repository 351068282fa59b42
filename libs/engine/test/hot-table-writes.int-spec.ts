import { Client } from 'pg';
import { withTenant, type PrismaClient } from '@leadline/database';
import type { OutboundMessage } from '@leadline/flow-core';
import { RetryLaterError, sendMessages, systemClock, type SendDeps } from '../src';
import { RecordingProvider } from './support/recording-provider';
import { createSoakWorld, type SoakWorld } from './support/soak-world';

// What the schema of issue 21's fourth round (migration 20261207000000_fewer_index_writes_per_step)
// must keep and what it must win: the send claim's per-run order reads a partial index keyed on
// provider_message_id and failed_at instead of status, so the status webhooks write no index entry;
// run_events lost its flow_id foreign key, whose cascade the run's and the version's already do.
describe('fewer index writes per step', () => {
  let world: SoakWorld;
  let client: Client;
  let seq = 0;

  beforeAll(async () => {
    world = await createSoakWorld({ flows: [] });
    client = new Client({ connectionString: world.db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await world?.drop();
  });

  /** A flow, its version and a run of it for a new contact, with the run's outbound messages s1..sN queued. */
  async function seedRun(count: number) {
    seq += 1;
    const n = seq;
    return withTenant(world.prisma, world.tenantId, async (tx) => {
      const flow = await tx.flow.create({
        data: { tenantId: world.tenantId, key: `order-${n}`, name: `Order ${n}`, draft: { nodes: [] } },
      });
      const version = await tx.flowVersion.create({
        data: { tenantId: world.tenantId, flowId: flow.id, version: 1, definition: { nodes: [] } },
      });
      const phone = `+3519130${String(n).padStart(5, '0')}`;
      const contact = await tx.contact.create({ data: { tenantId: world.tenantId, phone } });
      const conversation = await tx.conversation.create({
        data: { tenantId: world.tenantId, contactId: contact.id, channelId: world.channelId },
      });
      const run = await tx.flowRun.create({
        data: {
          tenantId: world.tenantId,
          flowId: flow.id,
          flowVersionId: version.id,
          contactId: contact.id,
          conversationId: conversation.id,
          status: 'waiting',
        },
      });
      const messageIds: string[] = [];
      for (let i = 1; i <= count; i += 1) {
        const message = await tx.message.create({
          data: {
            tenantId: world.tenantId,
            conversationId: conversation.id,
            contactId: contact.id,
            channelId: world.channelId,
            direction: 'out',
            type: 'text',
            body: { type: 'text', text: `step ${i}` } satisfies OutboundMessage,
            status: 'queued',
            idempotencyKey: `${run.id}:s${i}`,
            runId: run.id,
          },
        });
        messageIds.push(message.id);
      }
      return { flowId: flow.id, versionId: version.id, runId: run.id, phone, messageIds };
    });
  }

  function depsFor(prisma: PrismaClient, provider: RecordingProvider): SendDeps {
    return { prisma, providers: () => provider, clock: systemClock, wake: async () => undefined };
  }

  // The send claim has one statement since issue 21's fourth round (the Prisma copy is gone).
  const paths: Array<[string, (prisma: PrismaClient) => PrismaClient]> = [
    ['prepared statement (ll_send_claim_v1)', (prisma) => prisma],
  ];

  describe.each(paths)('per-run send order, %s', (_name, clientFor) => {
    it('holds a message back while an earlier message of its run is still queued', async () => {
      const provider = new RecordingProvider();
      const deps = depsFor(clientFor(world.prisma), provider);
      const { phone, messageIds } = await seedRun(2);

      await expect(
        sendMessages(deps, { tenantId: world.tenantId, messageIds: [messageIds[1]] }, 0),
      ).rejects.toThrow(RetryLaterError);
      expect(provider.sentTo(phone)).toHaveLength(0);

      // Once the earlier one is sent (the provider's answer gave it an id), the later one goes.
      await sendMessages(deps, { tenantId: world.tenantId, messageIds: [messageIds[0]] }, 0);
      await sendMessages(deps, { tenantId: world.tenantId, messageIds: [messageIds[1]] }, 0);
      expect(provider.sentTo(phone).map((send) => (send.message as { text?: string }).text)).toEqual([
        'step 1',
        'step 2',
      ]);
    });

    it('does not hold a message back behind an earlier one that failed', async () => {
      const provider = new RecordingProvider();
      const deps = depsFor(clientFor(world.prisma), provider);
      const { phone, messageIds } = await seedRun(2);
      await client.query(`UPDATE messages SET status = 'failed', failed_at = now() WHERE id = $1`, [
        messageIds[0],
      ]);

      await sendMessages(deps, { tenantId: world.tenantId, messageIds: [messageIds[1]] }, 0);
      expect(provider.sentTo(phone)).toHaveLength(1);
    });

    it('does not hold the first message back behind a later one', async () => {
      const provider = new RecordingProvider();
      const deps = depsFor(clientFor(world.prisma), provider);
      const { phone, messageIds } = await seedRun(2);

      await sendMessages(deps, { tenantId: world.tenantId, messageIds: [messageIds[0]] }, 0);
      expect(provider.sentTo(phone)).toHaveLength(1);
    });
  });

  it('leaves every status column out of the indexes of messages, so status webhooks are HOT updates', async () => {
    const { rows } = await client.query<{ def: string }>(
      `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'messages'::regclass`,
    );
    expect(rows.length).toBe(7);
    for (const { def } of rows) {
      expect(def).not.toMatch(/\b(status|sent_at|delivered_at|read_at|send_attempted_at|updated_at)\b/);
    }

    // A sent message, then its "delivered" and "read" webhooks as ingest-batch-write.ts writes them:
    // both updates stay on the page (HOT), so neither writes an index entry.
    const { messageIds } = await seedRun(1);
    const [id] = messageIds;
    await client.query(
      `UPDATE messages SET status = 'sent', provider_message_id = $2, sent_at = now() WHERE id = $1`,
      [id, `wamid.${id}`],
    );
    // pg_stat_xact_user_tables also holds this session's counts not yet flushed: compare before and after.
    const counts = async () =>
      (
        await client.query<{ upd: string; hot: string }>(
          `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relname = 'messages'`,
        )
      ).rows[0];
    await client.query('BEGIN');
    try {
      const before = await counts();
      for (const [status, column] of [
        ['delivered', 'delivered_at'],
        ['read', 'read_at'],
      ]) {
        await client.query(
          `UPDATE messages SET provider_message_id = COALESCE(provider_message_id, $2), status = $3::message_status,
                  ${column} = now(), updated_at = now() WHERE id = $1`,
          [id, `wamid.${id}`, status],
        );
      }
      const after = await counts();
      expect({
        updates: Number(after.upd) - Number(before.upd),
        hot: Number(after.hot) - Number(before.hot),
      }).toEqual({ updates: 2, hot: 2 });
    } finally {
      await client.query('COMMIT');
    }
  });

  // Issue 21, fifth round (migration 20261208010000_contact_activity): the contact upsert of every
  // inbound message moved last_inbound_at and updated_at, both indexed, so it wrote all 9 indexes
  // of contacts (3 GIN). Now it changes no indexed column of contacts (a HOT update: no entry) and
  // a trigger moves the sort key's copy in contact_activity (its 2 indexes).
  describe('the inbound contact upsert (ll_ingest_tenant_batch)', () => {
    let n = 0;
    /** One inbound text message of `phone` at `at`, through the ingest function, on `client`. */
    async function inbound(phone: string, at: Date) {
      n += 1;
      const pmid = `wamid.hot-${n}`;
      await client.query(
        `SELECT * FROM ll_ingest_tenant_batch($1::uuid, ARRAY[$2]::text[], ARRAY['Ana']::text[],
           ARRAY[$3::timestamptz], ARRAY[NULL]::text[], ARRAY[$2]::text[], ARRAY[$4::uuid],
           ARRAY[$3::timestamptz], ARRAY['text']::text[], ARRAY[$5]::text[], ARRAY[$6]::text[],
           ARRAY[$7]::text[], ARRAY[$8]::text[], ARRAY['hi']::text[],
           '{}'::uuid[], '{}'::text[], '{}'::uuid[], '{}'::text[], '{}'::int[], '{}'::timestamptz[],
           '{}'::timestamptz[], '{}'::timestamptz[], '{}'::text[], '{}'::text[],
           ARRAY[NULL]::text[], ARRAY[NULL]::text[], ARRAY[NULL]::text[], ARRAY[NULL]::text[])`,
        [
          world.tenantId,
          phone,
          at,
          world.channelId,
          JSON.stringify({ type: 'text', text: 'hi', at: at.toISOString() }),
          pmid,
          JSON.stringify({ message: { type: 'text', text: 'hi', id: pmid }, channelId: world.channelId }),
          `in.${world.channelId}.${pmid}`,
        ],
      );
    }

    /** This transaction's updates of a table so far (pg_stat_xact_user_tables holds unflushed counts). */
    async function updates(table: string) {
      const { rows } = await client.query<{ upd: string; hot: string; read: string }>(
        `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot, seq_tup_read + COALESCE(idx_tup_fetch, 0) AS read
           FROM pg_stat_xact_user_tables WHERE relname = $1`,
        [table],
      );
      return {
        updates: Number(rows[0]?.upd ?? 0),
        hot: Number(rows[0]?.hot ?? 0),
        read: Number(rows[0]?.read ?? 0),
      };
    }

    /** Rows the last measured action read of contacts and contact_activity (plans by key, not by tenant). */
    let reads = { contacts: 0, activity: 0 };

    async function measured(action: () => Promise<void>) {
      await client.query('BEGIN');
      try {
        const before = { contacts: await updates('contacts'), activity: await updates('contact_activity') };
        await action();
        const after = { contacts: await updates('contacts'), activity: await updates('contact_activity') };
        type Counts = { updates: number; hot: number; read: number };
        const diff = (a: Counts, b: Counts) => ({ updates: a.updates - b.updates, hot: a.hot - b.hot });
        reads = {
          contacts: after.contacts.read - before.contacts.read,
          activity: after.activity.read - before.activity.read,
        };
        return {
          contacts: diff(after.contacts, before.contacts),
          activity: diff(after.activity, before.activity),
        };
      } finally {
        await client.query('COMMIT');
      }
    }

    async function times(phone: string) {
      const { rows } = await client.query<{ contact: Date | null; activity: Date | null }>(
        `SELECT c.last_inbound_at AS contact, a.last_inbound_at AS activity
           FROM contacts c JOIN contact_activity a ON a.contact_id = c.id
          WHERE c.tenant_id = $1 AND c.phone = $2`,
        [world.tenantId, phone],
      );
      return rows[0];
    }

    it('keeps every indexed column of contacts out of it: HOT, and 2 index entries in contact_activity', async () => {
      const { rows: indexes } = await client.query<{ table: string; def: string }>(
        `SELECT indrelid::regclass::text AS table, pg_get_indexdef(indexrelid) AS def FROM pg_index
          WHERE indrelid IN ('contacts'::regclass, 'contact_activity'::regclass)`,
      );
      for (const { table, def } of indexes.filter((index) => index.table === 'contacts')) {
        expect({ table, def }).toEqual({
          table,
          // updated_at stays indexed (the pipeline board's order): the inbound upsert no longer moves it.
          def: expect.not.stringMatching(/\b(last_inbound_at|referral)\b/),
        });
      }
      expect(indexes.filter((index) => index.table === 'contact_activity')).toHaveLength(2);

      // A tenant with more contacts than a page holds, analyzed: the upsert and its trigger must find
      // the one contact by key, never read the tenant's contacts.
      await client.query(
        `INSERT INTO contacts (tenant_id, phone, last_inbound_at)
         SELECT $1, '+35192' || lpad(n::text, 7, '0'), now() - n * interval '1 minute' FROM generate_series(1, 3000) n`,
        [world.tenantId],
      );
      await client.query('ANALYZE contacts, contact_activity');
      const phone = '+351913999001';
      const first = new Date(Date.now() - 60_000);
      await inbound(phone, first);
      expect(await times(phone)).toEqual({ contact: first, activity: first });
      const { rows: edited } = await client.query<{ updated_at: Date }>(
        `SELECT updated_at FROM contacts WHERE tenant_id = $1 AND phone = $2`,
        [world.tenantId, phone],
      );

      const second = new Date(first.getTime() + 1_234);
      expect(await measured(() => inbound(phone, second))).toEqual({
        contacts: { updates: 1, hot: 1 },
        activity: { updates: 1, hot: 0 },
      });
      expect(reads.contacts).toBeLessThanOrEqual(3);
      expect(reads.activity).toBeLessThanOrEqual(2);
      // The window's time is the message's own, to the millisecond, in both places.
      expect(await times(phone)).toEqual({ contact: second, activity: second });
      // A message is not an edit of the contact: the pipeline board's order does not move.
      const { rows: after } = await client.query<{ updated_at: Date }>(
        `SELECT updated_at FROM contacts WHERE tenant_id = $1 AND phone = $2`,
        [world.tenantId, phone],
      );
      expect(after[0].updated_at).toEqual(edited[0].updated_at);

      // A late webhook (an older message) never moves the window back, nor writes contact_activity.
      expect(await measured(() => inbound(phone, first))).toEqual({
        contacts: { updates: 1, hot: 1 },
        activity: { updates: 0, hot: 0 },
      });
      expect(reads.contacts).toBeLessThanOrEqual(3);
      expect(reads.activity).toBeLessThanOrEqual(2);
      expect(await times(phone)).toEqual({ contact: second, activity: second });
    });

    it("keeps contact_activity equal to the contact's time for every writer, within its tenant only", async () => {
      const phone = '+351913999002';
      const at = new Date('2026-03-01T10:00:00.000Z');
      await withTenant(world.prisma, world.tenantId, (tx) =>
        tx.contact.create({ data: { tenantId: world.tenantId, phone } }),
      );
      expect(await times(phone)).toEqual({ contact: null, activity: null });
      await withTenant(world.prisma, world.tenantId, (tx) =>
        tx.contact.updateMany({ where: { phone }, data: { lastInboundAt: at } }),
      );
      expect(await times(phone)).toEqual({ contact: at, activity: at });

      // Row-level security holds on the copy: another tenant's scope sees none of these rows.
      const other = await world.prisma.tenant.create({
        data: { slug: `hot-other-${Date.now()}`, name: 'Other' },
      });
      const seen = await withTenant(world.prisma, other.id, (tx) => tx.contactActivity.count());
      expect(seen).toBe(0);
      const own = await withTenant(world.prisma, world.tenantId, (tx) => tx.contactActivity.count());
      expect(own).toBeGreaterThan(0);
    });

    it('gives a contact whose contact_activity row is missing (restored without triggers) its row back at its next message', async () => {
      const phone = '+351913999003';
      const first = new Date('2026-03-02T10:00:00.000Z');
      await inbound(phone, first);
      await client.query(
        `DELETE FROM contact_activity a USING contacts c
         WHERE a.contact_id = c.id AND c.tenant_id = $1 AND c.phone = $2`,
        [world.tenantId, phone],
      );
      expect(await times(phone)).toBeUndefined(); // out of the "last message" sort
      const second = new Date(first.getTime() + 60_000);
      await inbound(phone, second);
      expect(await times(phone)).toEqual({ contact: second, activity: second });
    });
  });

  it("deletes a flow's trace with the flow, through its runs and versions", async () => {
    const { flowId, versionId, runId } = await seedRun(0);
    await client.query(
      `INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, type, node_id)
       SELECT $1, $2, $3, $4, s, 'node.enter', 'start' FROM generate_series(1, 3) s`,
      [world.tenantId, runId, flowId, versionId],
    );
    const { rows: fks } = await client.query<{ name: string }>(
      `SELECT conname::text AS name FROM pg_constraint WHERE conrelid = 'run_events'::regclass AND contype = 'f' ORDER BY 1`,
    );
    // The run and its tenant by one composite key (issue 21, eleventh round: was run_id and tenant_id apart).
    expect(fks.map((fk) => fk.name)).toEqual([
      'run_events_flow_version_id_fkey',
      'run_events_tenant_id_run_id_fkey',
    ]);

    await client.query(`DELETE FROM flows WHERE id = $1`, [flowId]);
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM run_events WHERE flow_id = $1`,
      [flowId],
    );
    expect(rows[0].n).toBe('0');
  });
});
