import { pgPoolOf } from '@leadline/database';
import { Client } from 'pg';
import { echoFlow } from '../../../tools/bench/src/bench-flows';
import { IngestBatcher } from '../src/ingest-batch';
import { wakeContact } from '../src/wake';
import { waitFor } from './support/engine-harness';
import { installFkCheckCounter, type FkCheckCounter, type FkChecks } from './support/fk-check-counter';
import { metaStatus, startMetaEngineWorld, type MetaEngineWorld } from './support/meta-engine-world';

/**
 * The foreign-key checks a webhook and a conversation step make PostgreSQL run, counted (not timed):
 * every row inserted runs one RI check per non-NULL foreign key of its table (a key probe of the
 * referenced table and a FOR KEY SHARE row lock), an update one per foreign key whose columns it
 * changed. In the tenth round about half of the ingest function's PostgreSQL CPU was these checks.
 * Counted with auto_explain (support/fk-check-counter.ts): `checks` by referenced table, `calls` the
 * RI triggers fired by constraint (a NULL key fires its trigger but runs no check).
 */
const PER_WEBHOOK = {
  /**
   * contacts 1 (tenant; no stage), contact_activity 1 (tenant and contact), conversations 2 (tenant
   * and contact, channel; nobody assigned), messages 3 (tenant and contact, conversation, channel; no
   * run), contact_events 1 (tenant and contact). Before the composite keys (issue 21, eleventh round:
   * migration 20261212010100_composite_foreign_keys) 12: each child checked its tenant and its contact
   * apart (tenants(id) 5, contacts(id) 4).
   */
  newContact: {
    total: 8,
    checks: { 'tenants(id)': 1, 'contacts(tenant_id, id)': 4, 'channels(id)': 2, 'conversations(id)': 1 },
    calls: {
      contacts_tenant_id_fkey: 1,
      contacts_stage_id_fkey: 1,
      contact_activity_tenant_id_contact_id_fkey: 1,
      conversations_tenant_id_contact_id_fkey: 1,
      conversations_channel_id_fkey: 1,
      conversations_assigned_user_id_fkey: 1,
      messages_tenant_id_contact_id_fkey: 1,
      messages_conversation_id_fkey: 1,
      messages_channel_id_fkey: 1,
      messages_run_id_fkey: 1,
      contact_events_tenant_id_contact_id_fkey: 1,
    },
  },
  /**
   * messages 3, contact_events 1: no lock on the tenant's row any more (was 6: tenants(id) 2,
   * contacts(id) 2). The contact's upsert, its activity's and the conversation's updates change no
   * foreign key: no check.
   */
  knownContact: {
    total: 4,
    checks: { 'contacts(tenant_id, id)': 2, 'channels(id)': 1, 'conversations(id)': 1 },
    calls: {
      messages_tenant_id_contact_id_fkey: 1,
      messages_conversation_id_fkey: 1,
      messages_channel_id_fkey: 1,
      messages_run_id_fkey: 1,
      contact_events_tenant_id_contact_id_fkey: 1,
    },
  },
  /** Updates of the message's status columns only. */
  status: { total: 0, checks: {}, calls: {} },
};

const PER_STEP = {
  /**
   * The reply's insert 4 (tenant and contact, conversation, channel, run), two trace rows (run_events)
   * 2 each (tenant and run, flow version), the send's outbox row 1 (tenant). The head event's processed
   * mark, the run's state, the answer and the deleted outbox row change no foreign key. Was 12 (the
   * message's and the trace rows' tenant apart: tenants(id) 4).
   */
  worker: {
    total: 9,
    checks: {
      'tenants(id)': 1,
      'flow_runs(tenant_id, id)': 2,
      'flow_runs(id)': 1,
      'flow_versions(id)': 2,
      'conversations(id)': 1,
      'contacts(tenant_id, id)': 1,
      'channels(id)': 1,
    },
    calls: {
      run_events_tenant_id_run_id_fkey: 2,
      run_events_flow_version_id_fkey: 2,
      messages_tenant_id_contact_id_fkey: 1,
      messages_conversation_id_fkey: 1,
      messages_channel_id_fkey: 1,
      messages_run_id_fkey: 1,
      outbox_tenant_id_fkey: 1,
    },
  },
};

describe('foreign-key checks per webhook and per step (embedded engine)', () => {
  let world: MetaEngineWorld;
  let counter: FkCheckCounter | undefined;

  beforeAll(async () => {
    world = await startMetaEngineWorld({
      flows: [echoFlow()],
      engine: { sweepIntervalMs: 3_600_000, channelPollMs: 3_600_000 },
    });
    counter = installFkCheckCounter();
  });

  afterAll(async () => {
    counter?.uninstall();
    await world?.stop();
  });

  /**
   * The timer poller's claim (timer-poller.ts) polls about once a second whatever else happens and
   * writes nothing when no timer is due: left out when telling whether the worker is still busy.
   */
  const POLL = /^WITH due AS \( SELECT id FROM run_timers/;

  /** Checks until no statement but the poll ran for `quietMs` (the worker's after-commit work included). */
  async function settle(quietMs = 500): Promise<FkChecks> {
    const all: FkChecks = { checks: {}, calls: {}, total: 0, statements: [] };
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const taken = counter!.take();
      add(all, taken);
      if (taken.statements.every((text) => POLL.test(text))) return all;
    }
  }

  function add(into: FkChecks, part: FkChecks): void {
    for (const [key, n] of Object.entries(part.checks)) into.checks[key] = (into.checks[key] ?? 0) + n;
    for (const [key, n] of Object.entries(part.calls)) into.calls[key] = (into.calls[key] ?? 0) + n;
    into.total += part.total;
    into.statements.push(...part.statements);
  }

  const counted = ({ total, checks, calls }: FkChecks) => ({ total, checks, calls });

  function message(phone: string, text: string) {
    const { wamid } = world.fake.userSends({ from: phone, text });
    return {
      kind: 'message' as const,
      channel: { provider: 'meta' as const, phoneNumberId: world.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Rita' },
      message: { type: 'text' as const, text, providerMessageId: wamid, at: new Date().toISOString() },
    };
  }

  /** One webhook as the API writes it: a group-commit batch of one, one call of the ingest function. */
  async function webhook(event: Parameters<IngestBatcher['ingest']>[0], outcome: string): Promise<FkChecks> {
    const batcher = new IngestBatcher(world.prisma, { maxDelayMs: 0, maxRows: 1 });
    counter!.take();
    expect((await batcher.ingest(event)).outcome).toBe(outcome);
    return counter!.take();
  }

  it('message webhooks: a new contact, then the same contact again', async () => {
    const phone = '+351915550301';
    const fresh = await webhook(message(phone, 'hello'), 'accepted');
    const known = await webhook(message(phone, 'again'), 'accepted');
    process.stdout.write(
      `fk checks: ${JSON.stringify({ newContact: counted(fresh), knownContact: counted(known) })}\n`,
    );
    expect(counted(fresh)).toEqual(PER_WEBHOOK.newContact);
    expect(counted(known)).toEqual(PER_WEBHOOK.knownContact);
  });

  /** One step: the message in, the reply sent and its answer recorded, its two status webhooks. */
  async function oneStep(phone: string, text: string, replies: number) {
    const inbound = await webhook(message(phone, text), 'accepted');
    const contact = await world.prisma.contact.findFirstOrThrow({
      where: { phone },
      select: { id: true, tenantId: true },
    });
    counter!.take();
    await wakeContact(world.engine.queue)(contact.tenantId, contact.id);
    const sent = await waitFor('the reply at the fake', () => {
      const out = world.fake.sent().filter((m) => m.to.replace(/\D/g, '') === phone.slice(1));
      return out.length === replies ? out : undefined;
    });
    const worker = await settle();
    const reply = sent[sent.length - 1].wamid;
    const statuses: FkChecks[] = [];
    for (const value of ['sent', 'delivered'] as const) {
      statuses.push(await webhook(metaStatus(world, phone, reply, value), 'recorded'));
    }
    return { inbound, worker, statuses };
  }

  it('a steady-state conversation step', async () => {
    const phone = '+351915550302';
    // The first message starts the run (another path, once per conversation); the second is the step.
    await oneStep(phone, 'benchmark please', 1);
    const step = await oneStep(phone, 'an answer', 2);
    process.stdout.write(
      `fk checks per step: ${JSON.stringify({
        inbound: counted(step.inbound),
        worker: counted(step.worker),
        statuses: step.statuses.map(counted),
      })}\n`,
    );
    expect(counted(step.inbound)).toEqual(PER_WEBHOOK.knownContact);
    expect(counted(step.worker)).toEqual(PER_STEP.worker);
    for (const status of step.statuses) expect(counted(status)).toEqual(PER_WEBHOOK.status);
    expect(world.errors).toEqual([]);
  });

  it("no row can name another tenant's contact or run (the composite keys)", async () => {
    const pool = pgPoolOf(world.prisma)!;
    // Its own contact, message and run (a step), whatever the other tests made.
    const phone = '+351915550303';
    await oneStep(phone, 'benchmark please', 1);
    const other = await world.prisma.tenant.create({ data: { slug: 'fk-other', name: 'fk-other' } });
    const { rows } = await pool.query<{
      id: string;
      conversation_id: string;
      channel_id: string;
      contact_id: string;
      run_id: string;
    }>(
      `SELECT m.id, m.conversation_id, m.channel_id, m.contact_id, r.id AS run_id
         FROM contacts c JOIN messages m ON m.contact_id = c.id JOIN flow_runs r ON r.contact_id = c.id
        WHERE c.phone = $1 LIMIT 1`,
      [phone],
    );
    const [row] = rows;
    const contactId = row.contact_id;
    // As the superuser (no row-level security): only the foreign keys stand in the way.
    const refused = async (sql: string, params: unknown[]) => {
      await expect(pool.query(sql, params)).rejects.toMatchObject({ code: '23503' });
    };
    await refused(
      `INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status)
       VALUES ($1, $2, $3, $4, 'in', 'text', '{}', 'received')`,
      [other.id, row.conversation_id, contactId, row.channel_id],
    );
    await refused(
      `INSERT INTO contact_events (tenant_id, contact_id, kind, payload, occurred_at) VALUES ($1, $2, 'inbound', '{}', now())`,
      [other.id, contactId],
    );
    await refused(`INSERT INTO conversations (tenant_id, contact_id, channel_id) VALUES ($1, $2, $3)`, [
      other.id,
      contactId,
      row.channel_id,
    ]);
    await refused(`UPDATE contact_activity SET tenant_id = $1 WHERE contact_id = $2`, [other.id, contactId]);
    const trace = await pool.query('SELECT 1 FROM run_events WHERE run_id = $1', [row.run_id]);
    expect(trace.rowCount).toBeGreaterThan(0);
    await refused(`UPDATE run_events SET tenant_id = $1 WHERE run_id = $2`, [other.id, row.run_id]);
  });

  it('counts a connection that was in a transaction when the counter was installed, once it is out', async () => {
    // A connection the counter never set up (made while it was off), in a transaction at install.
    counter!.uninstall();
    const client = new Client(pgPoolOf(world.prisma)!.options);
    await client.connect();
    try {
      await client.query('BEGIN');
      counter = installFkCheckCounter();
      await client.query('SELECT 1 AS inside');
      await client.query('ROLLBACK');
      counter.take();
      await client.query('SELECT 2 AS after_rollback');
      expect(counter.take().statements).toContain('SELECT 2 AS after_rollback');
    } finally {
      await client.end();
    }
  });
});
