import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import type { HotStatement } from '../src/sql/hot-sql';
import { MARK_READ, persistStepsFor, type PersistStepRow } from '../src/sql/hot-statements';
import { RECORD_ANSWER_BATCH } from '../src/sql/answer-statements';
import { explainProbe, inlineSendStep, nestedPlans, seedProbeTenant } from './support/statement-probe';

// Issue 21, eighth round: the read receipt's two reads of a conversation, the target (its latest
// unread inbound message, read by PERSIST_STEPS for each inline send) and the mark (the answers'
// batch and MARK_READ: every unread inbound message before the answer's bound), read every earlier
// message of the conversation, so a step cost more buffers the longer its conversation was
// (docs/performance.md, "PostgreSQL's cost per step"). Buffers are counted by EXPLAIN (ANALYZE,
// BUFFERS) of the real statements, each rolled back, on a database shaped like the bench at
// saturation: 100 conversations of 50 to 200 messages written interleaved (each message of a
// conversation on a page of its own), in turns of one inbound message and one reply, every inbound
// message but the latest marked read (what the answers before left). Two more conversations are
// measured, one of 10 messages and one of 300: a step's buffers must not depend on which.

const TENANT = '7a1e5c3b-2d4f-4e6a-9b8c-1d2e3f4a5b6c';
const CHANNEL = '3b2a1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const SHORT = 10;
const LONG = 300;

interface Conversation {
  id: string;
  contact_id: string;
  run_id: string;
  flow_id: string;
  flow_version_id: string;
  latest_in: Date;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

describe("the read receipt's reads stay the same size however long the conversation", () => {
  let db: TestDatabase;
  let client: Client;
  let short: Conversation;
  let long: Conversation;
  /** Two more, every inbound message read: a step that sends again after its answer (a timer's). */
  let shortRead: Conversation;
  let longRead: Conversation;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await seedProbeTenant(client, TENANT, CHANNEL);
    // 200 other tenants with a few messages each: the planner then takes the row-level security
    // policy (tenant_id = the scope's setting, a value it cannot see) for one tenant of 201, as
    // selective as in a shared database, which is what made it AND the tenant's whole index in.
    await client.query(
      `WITH t AS (INSERT INTO tenants (slug, name) SELECT 'other' || g, 'Other' FROM generate_series(1, 200) g RETURNING id),
            ch AS (INSERT INTO channels (tenant_id, provider, phone_number_id, display_phone)
                   SELECT id, 'meta', 'pn-' || id, '+1' FROM t RETURNING id, tenant_id),
            k AS (INSERT INTO contacts (tenant_id, phone) SELECT tenant_id, '1' FROM ch RETURNING id, tenant_id),
            v AS (INSERT INTO conversations (tenant_id, contact_id, channel_id)
                  SELECT k.tenant_id, k.id, ch.id FROM k JOIN ch ON ch.tenant_id = k.tenant_id
                  RETURNING id, tenant_id, contact_id, channel_id)
       INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status)
       SELECT v.tenant_id, v.id, v.contact_id, v.channel_id, 'in', 'text', '{}', 'received'
       FROM v, generate_series(1, 5)`,
    );
    // 104 contacts, each with a run and a conversation: the first 100 of 50 to 200 messages, then
    // one of SHORT and one of LONG, twice (the second pair with every inbound message read).
    await client.query(
      `WITH v AS (SELECT id, flow_id FROM flow_versions WHERE tenant_id = $1),
            c AS (INSERT INTO contacts (tenant_id, phone) SELECT $1, '35197' || lpad(g::text, 6, '0') FROM generate_series(1, 104) g RETURNING id, phone),
            r AS (INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id, status)
                  SELECT $1, v.flow_id, v.id, c.id, 'waiting' FROM v, c RETURNING id, contact_id)
       INSERT INTO conversations (tenant_id, contact_id, channel_id) SELECT $1, id, $2 FROM c`,
      [TENANT, CHANNEL],
    );
    await client.query(
      `WITH v AS (
         SELECT v.id, v.contact_id, r.id AS run_id, k.phone,
                CASE WHEN k.phone IN ('35197000101', '35197000103') THEN ${SHORT}
                     WHEN k.phone IN ('35197000102', '35197000104') THEN ${LONG}
                     ELSE 50 + (right(k.phone, 3)::int * 37) % 151 END AS length,
                k.phone IN ('35197000103', '35197000104') AS all_read
         FROM conversations v JOIN contacts k ON k.id = v.contact_id JOIN flow_runs r ON r.contact_id = k.id
       )
       INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                             provider_message_id, run_id, sent_at, read_at, created_at)
       SELECT $1, v.id, v.contact_id, $2, d.direction::message_direction, 'text', '{"text":"hello there"}',
              (CASE d.direction WHEN 'in' THEN 'received' ELSE 'read' END)::message_status,
              'wamid.' || v.phone || '.' || g, CASE d.direction WHEN 'out' THEN v.run_id END,
              CASE d.direction WHEN 'out' THEN now() END,
              -- Every inbound message read but the conversation's latest; every reply read by the contact.
              CASE WHEN d.direction = 'out' OR g < v.length - 1 OR v.all_read THEN now() END,
              now() - interval '1 day' + g * interval '1 second'
       FROM generate_series(1, ${LONG}) g
       JOIN v ON g <= v.length
       CROSS JOIN LATERAL (SELECT CASE WHEN g % 2 = 1 THEN 'in' ELSE 'out' END AS direction) d
       ORDER BY g, v.id`,
      [TENANT, CHANNEL],
    );
    // The trace PERSIST_STEPS numbers after: two rows a step.
    await client.query(
      `INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, type)
       SELECT r.tenant_id, r.id, r.flow_id, r.flow_version_id, g, 'node.enter'
       FROM flow_runs r, generate_series(1, 200) g ORDER BY g, r.id`,
    );
    await client.query(`ANALYZE`);
    const { rows } = await client.query<Conversation>(
      `SELECT v.id, v.contact_id, r.id AS run_id, r.flow_id, r.flow_version_id,
              (SELECT max(created_at) FROM messages m WHERE m.conversation_id = v.id AND m.direction = 'in') AS latest_in
       FROM conversations v JOIN contacts k ON k.id = v.contact_id JOIN flow_runs r ON r.contact_id = k.id
       WHERE k.phone IN ('35197000101', '35197000102', '35197000103', '35197000104') ORDER BY k.phone`,
    );
    [short, long, shortRead, longRead] = rows;
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  /** One inline-send step of this conversation's run (the bench's step). */
  function stepOf(conversation: Conversation, index: number): PersistStepRow {
    return inlineSendStep(
      {
        run: conversation.run_id,
        flow: conversation.flow_id,
        version: conversation.flow_version_id,
        contact: conversation.contact_id,
        conversation: conversation.id,
      },
      CHANNEL,
      `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      index,
    );
  }

  /** The statement run (and rolled back) under EXPLAIN (ANALYZE, BUFFERS): its plan's root. */
  async function explained(
    statement: HotStatement<unknown>,
    values: unknown[],
    scoped = false,
  ): Promise<PlanNode> {
    // Scoped: as the worker's step transaction runs it, the tenant role under the tenant's scope.
    const [plan] = (await explainProbe(client, statement, values, {
      explain: 'ANALYZE, BUFFERS, FORMAT JSON',
      mode: 'force_custom_plan',
      tenantId: scoped ? TENANT : undefined,
    })) as Array<Array<{ Plan: PlanNode }>>;
    return plan[0].Plan;
  }

  /**
   * The statement's buffers (all of its nodes: the function reading the receipt's target shows as
   * one), and the rows the scans of `messages` in its plan visited (kept or filtered out).
   */
  function messageReads(root: PlanNode): { buffers: number; visited: number } {
    const buffers = root['Shared Hit Blocks'] + root['Shared Read Blocks'];
    let visited = 0;
    const walk = (node: PlanNode) => {
      if (node['Relation Name'] === 'messages' && /Scan/.test(node['Node Type'])) {
        visited += (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'];
      }
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(root);
    return { buffers, visited };
  }

  function dump(node: PlanNode, depth: number) {
    console.log(
      `${' '.repeat(depth * 2)}${node['Node Type']} ${node['Relation Name'] ?? ''} ${node['Index Name'] ?? ''} hit=${node['Shared Hit Blocks']} rows=${node['Actual Rows']}x${node['Actual Loops']} removed=${node['Rows Removed by Filter'] ?? 0}`,
    );
    for (const child of node.Plans ?? []) dump(child, depth + 1);
  }

  const pgArray = (values: readonly string[]) => `{${values.join(',')}}`;
  const justAfter = (at: Date) => new Date(at.getTime() + 1).toISOString();

  async function persistSteps(conversation: Conversation) {
    const steps = [stepOf(conversation, 1)];
    return explained(persistStepsFor(steps), [JSON.stringify(steps), TENANT, new Date().toISOString()], true);
  }

  async function answersBatch(conversation: Conversation) {
    return explained(RECORD_ANSWER_BATCH, answersBatchValues(conversation));
  }

  /** The answers batch marking this conversation read up to its latest inbound message. */
  function answersBatchValues(conversation: Conversation): unknown[] {
    return [
      TENANT,
      '{}',
      '{}',
      '{}',
      '{}',
      pgArray([conversation.id]),
      pgArray([justAfter(conversation.latest_in)]),
      pgArray([new Date().toISOString()]),
    ];
  }

  async function markRead(conversation: Conversation) {
    return explained(MARK_READ, [
      new Date().toISOString(),
      conversation.id,
      TENANT,
      justAfter(conversation.latest_in),
    ]);
  }

  // Since issue 21's tenth round the answers batch calls a function (ll_record_answer_batch), which
  // EXPLAIN shows as one node: its buffers are counted above (the node's include its statements'),
  // the message rows its statements read here, from the table's counters.
  it('the answers batch (the mark) reads as many message rows for 300 as for 10', async () => {
    const rowsRead = async (conversation: Conversation) =>
      (
        await nestedPlans(client, RECORD_ANSWER_BATCH, answersBatchValues(conversation), {
          mode: 'force_custom_plan',
        })
      ).read.messages;
    await rowsRead(short);
    const a = await rowsRead(short);
    const b = await rowsRead(long);
    expect(a).toBeGreaterThan(0);
    expect(b - a).toBeLessThanOrEqual(2);
  });

  it('PERSIST_STEPS (the receipt target) reads as much for 300 messages as for 10 when every inbound one is read', async () => {
    // Asked as "the latest unread inbound message", this read the whole conversation back to its
    // first message when there was none (visited 300 rows for the long one).
    await persistSteps(shortRead);
    const a = messageReads(await persistSteps(shortRead));
    const b = messageReads(await persistSteps(longRead));
    expect(b.visited - a.visited).toBeLessThanOrEqual(2);
    expect(b.buffers - a.buffers).toBeLessThanOrEqual(4);
  });

  it.each([
    ['PERSIST_STEPS (the receipt target)', persistSteps],
    ['the answers batch (the mark)', answersBatch],
    ['MARK_READ (the send job’s mark)', markRead],
  ] as const)('%s reads as many messages for 300 as for 10', async (_name, run) => {
    // Once first, so that neither measure pays the session's first plan (catalog reads).
    await run(short);
    const a = messageReads(await run(short));
    const longPlan = await run(long);
    const b = messageReads(longPlan);
    if (process.env.DUMP_PLANS) dump(longPlan, 0);
    if (process.env.DUMP_PLANS) console.log(_name, { short: a, long: b });
    expect(b.visited - a.visited).toBeLessThanOrEqual(2);
    expect(b.buffers - a.buffers).toBeLessThanOrEqual(4);
  });
});
