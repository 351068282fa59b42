import { z } from 'zod';
import { DEVELOPMENT_ENCRYPTION_KEY } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { seedTenant } from '../../e2e/support/seed-tenant';
import { cloneStatements } from './clone-contact-sql';
import { readTemplate } from './seed-waiting-runs';

const PHONE = '+351969999999';
const DUE = '2030-01-01T10:00:00.250Z';

/**
 * The timer benchmark's seeding, on a real migrated database: a hand-made contact with a run waiting
 * on a timer is copied, and every copy must be a consistent waiting run of its own.
 */
describe('seeding waiting runs by copying a template contact', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let tenantId: string;
  let templateRun: string;

  const q = <T>(sql: string, ...values: unknown[]) => prisma.$queryRawUnsafe<T[]>(sql, ...values);

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, maxConnections: 2 });
    const seeded = await seedTenant(prisma, DEVELOPMENT_ENCRYPTION_KEY);
    tenantId = seeded.tenantId;
    const [contact] = await q<{ id: string }>(
      `INSERT INTO contacts (tenant_id, phone, last_inbound_at) VALUES ($1::uuid, $2, now()) RETURNING id::text`,
      tenantId,
      PHONE,
    );
    const [conversation] = await q<{ id: string }>(
      `INSERT INTO conversations (tenant_id, contact_id, channel_id) VALUES ($1::uuid, $2::uuid, $3::uuid) RETURNING id::text`,
      tenantId,
      contact.id,
      seeded.metaChannelId,
    );
    const [flow] = await q<{ id: string; version: string }>(
      `SELECT id::text, active_version_id::text AS version FROM flows WHERE tenant_id = $1::uuid LIMIT 1`,
      tenantId,
    );
    const [run] = await q<{ id: string }>(
      `INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id, conversation_id, status, current_node, state)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, 'waiting', 'later', $6::jsonb) RETURNING id::text`,
      tenantId,
      flow.id,
      flow.version,
      contact.id,
      conversation.id,
      JSON.stringify({ contact: { phone: PHONE }, timers: [] }),
    );
    templateRun = run.id;
    const timerId = `${run.id}:t3`;
    await q(
      `UPDATE flow_runs SET state = jsonb_set(state, '{timers}', $2::jsonb) WHERE id = $1::uuid`,
      run.id,
      JSON.stringify([{ id: timerId, nodeId: 'later', dueAt: DUE }]),
    );
    const [message] = await q<{ id: string }>(
      `INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                             provider_message_id, idempotency_key, run_id)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'out', 'text', '{"text":"Noted"}', 'delivered',
               'wamid.OUT1', $5, $6::uuid) RETURNING id::text`,
      tenantId,
      conversation.id,
      contact.id,
      seeded.metaChannelId,
      // As the core names effects: the run id, then the effect's kind and sequence number.
      `${run.id}:s2`,
      run.id,
    );
    await q(
      `INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at, processed_at)
       VALUES ($1::uuid, $2::uuid, 'message', $3::jsonb, 'meta.wamid.IN1', now(), now())`,
      tenantId,
      contact.id,
      JSON.stringify({ from: PHONE.slice(1), id: 'wamid.IN1' }),
    );
    await q(
      `INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status, provider_message_id)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'in', 'text', '{"text":"remindme"}', 'received', 'wamid.IN1')`,
      tenantId,
      conversation.id,
      contact.id,
      seeded.metaChannelId,
    );
    await q(
      `INSERT INTO run_timers (tenant_id, run_id, contact_id, timer_id, due_at) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::timestamptz)`,
      tenantId,
      run.id,
      contact.id,
      timerId,
      DUE,
    );
    await q(
      `INSERT INTO outbox (tenant_id, kind, payload, published_at) VALUES
         ($1::uuid, 'timer', $2::jsonb, now()), ($1::uuid, 'send', $3::jsonb, now())`,
      tenantId,
      JSON.stringify({ contactId: contact.id, runId: run.id, timerId, dueAt: DUE }),
      JSON.stringify({ channelId: seeded.metaChannelId, messageIds: [message.id] }),
    );
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('makes each copy a waiting run of its own, with consistent references and a due time in the window', async () => {
    const seed = await readTemplate(prisma, tenantId, PHONE);
    expect(seed.runIds).toEqual([templateRun]);
    const dueFrom = new Date('2031-05-05T08:00:00.000Z');
    const spreadMs = 60_000;
    await prisma.$transaction(async (tx) => {
      for (const statement of cloneStatements(seed.tables, seed.template, {
        from: 1,
        to: 50,
        dueFrom,
        spreadMs,
      }))
        await tx.$executeRawUnsafe(statement);
    });

    const copies = await q<{
      phone: string;
      run_id: string;
      run_contact: string;
      contact_id: string;
      state_due: string;
      state_phone: string;
      due_at: Date;
    }>(
      `SELECT c.phone, r.id::text AS run_id, r.contact_id::text AS run_contact, c.id::text AS contact_id,
              r.state->'timers'->0->>'dueAt' AS state_due, r.state->'contact'->>'phone' AS state_phone, t.due_at
         FROM contacts c
         JOIN flow_runs r ON r.contact_id = c.id
         JOIN run_timers t ON t.run_id = r.id AND t.contact_id = c.id
        WHERE c.phone <> $1 AND c.phone LIKE '+35196%'`,
      PHONE,
    );
    expect(copies).toHaveLength(50);
    expect(new Set(copies.map((copy) => copy.phone)).size).toBe(50);
    expect(new Set(copies.map((copy) => copy.run_id)).size).toBe(50);
    for (const copy of copies) {
      expect(copy.run_id).not.toBe(templateRun);
      // Valid uuids, as the engine's job schemas require (a copy's timer job must not be malformed).
      expect(z.uuid().safeParse(copy.run_id).success).toBe(true);
      expect(z.uuid().safeParse(copy.contact_id).success).toBe(true);
      expect(copy.state_phone).toBe(copy.phone);
      // The run state's timer and the timer row agree on the copy's own due time, inside the window.
      expect(Date.parse(copy.state_due)).toBe(copy.due_at.getTime());
      expect(copy.due_at.getTime()).toBeGreaterThanOrEqual(dueFrom.getTime());
      expect(copy.due_at.getTime()).toBeLessThan(dueFrom.getTime() + spreadMs);
    }
    expect(new Set(copies.map((copy) => copy.due_at.getTime())).size).toBeGreaterThan(40);

    // Messages point at their copy's run and conversation; provider ids and idempotency keys are unique.
    const messages = await q<{ n: bigint; bad: bigint; keys: bigint }>(
      `SELECT count(*) AS n,
              count(*) FILTER (WHERE m.run_id IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM flow_runs r WHERE r.id = m.run_id AND r.contact_id = m.contact_id AND r.conversation_id = m.conversation_id)) AS bad,
              count(DISTINCT m.provider_message_id) AS keys
         FROM messages m WHERE m.tenant_id = $1::uuid`,
      tenantId,
    );
    expect(Number(messages[0].n)).toBe(102);
    expect(Number(messages[0].bad)).toBe(0);
    expect(Number(messages[0].keys)).toBe(102);

    // Each copy's timer outbox row is unpublished (for the relay to arm) and names the copy's own timer.
    const outbox = await q<{ unpublished: bigint; matching: bigint; sends: bigint }>(
      `SELECT count(*) FILTER (WHERE o.kind = 'timer' AND o.published_at IS NULL) AS unpublished,
              count(*) FILTER (WHERE o.kind = 'timer' AND EXISTS (
                 SELECT 1 FROM run_timers t WHERE t.run_id = (o.payload->>'runId')::uuid
                   AND t.timer_id = o.payload->>'timerId'
                   AND t.contact_id = (o.payload->>'contactId')::uuid
                   AND t.due_at = (o.payload->>'dueAt')::timestamptz)) AS matching,
              count(*) FILTER (WHERE o.kind = 'send' AND o.published_at IS NOT NULL) AS sends
         FROM outbox o WHERE o.tenant_id = $1::uuid`,
      tenantId,
    );
    expect(Number(outbox[0].unpublished)).toBe(50);
    expect(Number(outbox[0].matching)).toBe(51);
    expect(Number(outbox[0].sends)).toBe(51);

    const events = await q<{ n: bigint; keys: bigint }>(
      `SELECT count(*) AS n, count(DISTINCT dedupe_key) AS keys FROM contact_events WHERE tenant_id = $1::uuid`,
      tenantId,
    );
    expect(Number(events[0].n)).toBe(51);
    expect(Number(events[0].keys)).toBe(51);
  });

  it('refuses copy numbers it cannot give a phone number of their own', async () => {
    const seed = await readTemplate(prisma, tenantId, PHONE);
    expect(() =>
      cloneStatements(seed.tables, seed.template, { from: 0, to: 5, dueFrom: new Date(), spreadMs: 1 }),
    ).toThrow(/numbered from 1/);
    expect(() =>
      cloneStatements(seed.tables, seed.template, {
        from: 1,
        to: 10_000_000,
        dueFrom: new Date(),
        spreadMs: 1,
      }),
    ).toThrow(/at most 9999999/);
  });
});
