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
    expect(fks.map((fk) => fk.name)).toEqual([
      'run_events_flow_version_id_fkey',
      'run_events_run_id_fkey',
      'run_events_tenant_id_fkey',
    ]);

    await client.query(`DELETE FROM flows WHERE id = $1`, [flowId]);
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM run_events WHERE flow_id = $1`,
      [flowId],
    );
    expect(rows[0].n).toBe('0');
  });
});
