import { createPrismaClient, runMigrations, type PrismaClient } from '../src';
import { seedTenant, type TenantRows } from './support/tenant-fixtures';
import { databaseUrl, dropDatabase, throwAwayDatabaseName, withClient } from './support/test-database';

/**
 * Issue 21, eighth round (migration 20261209020000_fewer_index_entries_per_step): the hot tables'
 * indexes write fewer entries per step (messages' run and idempotency-key indexes leave NULLs out;
 * run_events is keyed by (run_id, seq), with no index on id), and every constraint they carry still
 * holds: a duplicate idempotency key or trace position is refused, a run's deletion still finds its
 * trace and its messages by key.
 */
const database = throwAwayDatabaseName();
let prisma: PrismaClient;
let a: TenantRows;
let b: TenantRows;

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

function outbound(rows: TenantRows, idempotencyKey: string | null) {
  return prisma.message.create({
    data: {
      tenantId: rows.tenantId,
      conversationId: rows.conversationId,
      contactId: rows.contactId,
      channelId: rows.channelId,
      direction: 'out',
      type: 'text',
      body: { text: 'hi' },
      status: 'queued',
      idempotencyKey,
      runId: rows.runId,
    },
  });
}

function traceRow(rows: TenantRows, seq: number) {
  return prisma.runEvent.create({
    data: {
      tenantId: rows.tenantId,
      runId: rows.runId,
      flowId: rows.flowId,
      flowVersionId: rows.versionId,
      seq,
      type: 'node',
    },
  });
}

describe('messages: the partial unique (tenant_id, idempotency_key)', () => {
  it('refuses a second message with the same key in the tenant, allows it in another tenant', async () => {
    await outbound(a, 'run:s1');
    await expect(outbound(a, 'run:s1')).rejects.toMatchObject({ code: 'P2002' });
    await expect(outbound(b, 'run:s1')).resolves.toMatchObject({ idempotencyKey: 'run:s1' });
  });

  it('lets any number of messages go without a key, as before (NULL keys never conflicted)', async () => {
    await outbound(a, null);
    await expect(outbound(a, null)).resolves.toMatchObject({ idempotencyKey: null });
  });

  it("is the ON CONFLICT target that names its predicate (campaign dispatch's insert)", async () => {
    const inserted = await withClient(database, async (client) => {
      const insert = `INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status, idempotency_key)
        VALUES ($1, $2, $3, $4, 'out', 'template', '{}', 'queued', 'campaign:1:1')
        ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id`;
      const values = [a.tenantId, a.conversationId, a.contactId, a.channelId];
      return [(await client.query(insert, values)).rowCount, (await client.query(insert, values)).rowCount];
    });
    expect(inserted).toEqual([1, 0]);
  });
});

describe('run_events: keyed by (run_id, seq)', () => {
  it('refuses a second trace row at the same position of a run', async () => {
    await traceRow(a, 1);
    await expect(traceRow(a, 1)).rejects.toMatchObject({ code: 'P2002' });
    await expect(traceRow(a, 2)).resolves.toMatchObject({ seq: 2 });
  });

  it('has no index on id, and a run is found, ordered and deleted through its key', async () => {
    const plans = await withClient(database, async (client) => {
      // As the foreign keys' triggers run them: parameterised, on a generic plan.
      await client.query(`SET enable_seqscan = off`);
      await client.query(`SET plan_cache_mode = force_generic_plan`);
      const explain = async (name: string, sql: string) => {
        await client.query(`PREPARE ${name}(uuid) AS ${sql}`);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN EXECUTE ${name}('${a.runId}')`,
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      };
      return {
        indexes: (
          await client.query<{ name: string }>(
            `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'run_events'::regclass ORDER BY 1`,
          )
        ).rows.map((row) => row.name),
        // What the run's ON DELETE CASCADE and contact erasure run.
        cascade: await explain('cascade', `DELETE FROM run_events WHERE run_id = $1`),
        // The messages' ON DELETE SET NULL: the partial run index serves it (run_id = $1 implies IS NOT NULL).
        setNull: await explain('set_null', `UPDATE messages SET run_id = NULL WHERE run_id = $1`),
      };
    });
    expect(plans.indexes).toEqual([
      'run_events_flow_version_id_node_id_idx',
      'run_events_pkey',
      'run_events_tenant_id_run_id_seq_idx',
    ]);
    expect(plans.cascade).toMatch(/run_events_pkey.*\n\s*Index Cond: \(run_id = \$1\)/);
    expect(plans.setNull).toMatch(/messages_run_id_idx.*\n\s*Index Cond: \(run_id = \$1\)/);
  });

  it("deleting a run deletes its trace and unlinks its messages (the foreign keys' actions)", async () => {
    const rows = await seedTenant(prisma, 'c');
    await traceRow(rows, 1);
    const message = await outbound(rows, 'c:s1');
    await prisma.flowRun.delete({ where: { id: rows.runId } });
    expect(await prisma.runEvent.count({ where: { runId: rows.runId } })).toBe(0);
    expect((await prisma.message.findUniqueOrThrow({ where: { id: message.id } })).runId).toBeNull();
  });
});
