import { BullMqJobQueue, bullConnection, publishOutbox, type Clock } from '@leadline/engine';
import type { PrismaClient } from '@leadline/database';
import {
  cloneStatements,
  literal,
  type CloneSchedule,
  type CloneTable,
  type CloneTemplate,
} from './clone-contact-sql';

/**
 * Tables that hold a contact's rows, in foreign-key order. A table with a contact_id column that is
 * missing here makes seeding fail (rather than leave copies without that table's rows).
 */
const CLONE_ORDER = [
  'contacts',
  'conversations',
  'flow_runs',
  'run_events',
  'messages',
  'contact_events',
  'run_timers',
  'documents',
  'ai_usage',
  'outbound_events',
  'contact_stage_changes',
  'contact_notes',
  'conversation_notes',
  'message_media',
  'notification_events',
  'campaign_recipients',
  'outbox',
] as const;

/**
 * Tables with a contact_id that PostgreSQL fills itself when a contact is inserted (triggers of
 * migration 20261208010000_contact_activity): copying them too would collide with the trigger's row.
 */
const TRIGGER_KEPT = ['contact_activity'];

export interface SeedTemplate {
  contactId: string;
  runIds: string[];
  template: CloneTemplate;
  tables: CloneTable[];
}

/** Reads everything that makes up the template contact (a real contact whose run waits on a timer). */
export async function readTemplate(
  prisma: PrismaClient,
  tenantId: string,
  phone: string,
): Promise<SeedTemplate> {
  const query = <T>(sql: string) => prisma.$queryRawUnsafe<T[]>(sql);
  const [contact] = await query<{ id: string }>(
    `SELECT id::text FROM contacts WHERE tenant_id = ${literal(tenantId)}::uuid AND phone = ${literal(phone)}`,
  );
  if (!contact) throw new Error(`no template contact ${phone}`);
  const c = literal(contact.id);
  const runIds = (
    await query<{ id: string }>(`SELECT id::text FROM flow_runs WHERE contact_id = ${c}::uuid`)
  ).map((row) => row.id);
  const timers = await query<{ iso: Date; pg: string }>(
    `SELECT due_at AS iso, to_jsonb(due_at) #>> '{}' AS pg FROM run_timers WHERE contact_id = ${c}::uuid`,
  );
  if (runIds.length !== 1 || timers.length !== 1) {
    throw new Error(
      `the template should have one run waiting on one timer; it has ${runIds.length} run(s), ${timers.length} timer(s)`,
    );
  }
  const runs = runIds.map(literal).join(', ');
  const uuids = await query<{ id: string }>(`
    SELECT id::text FROM conversations WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM flow_runs WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM messages WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM run_timers WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM run_events WHERE run_id::text IN (${runs})
    UNION ALL SELECT id::text FROM documents WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM ai_usage WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM outbound_events WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM contact_stage_changes WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM contact_notes WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM conversation_notes WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM message_media WHERE contact_id = ${c}::uuid
    UNION ALL SELECT id::text FROM notification_events WHERE contact_id = ${c}::uuid`);
  const messageIds = uuids.length
    ? (await query<{ id: string }>(`SELECT id::text FROM messages WHERE contact_id = ${c}::uuid`)).map(
        (row) => row.id,
      )
    : [];
  const tokens = await query<{ token: string }>(`
    SELECT provider_message_id AS token FROM messages WHERE contact_id = ${c}::uuid AND provider_message_id IS NOT NULL
    UNION SELECT idempotency_key FROM messages WHERE contact_id = ${c}::uuid AND idempotency_key IS NOT NULL`);

  const holders = await query<{ table_name: string; id_type: string | null }>(`
    SELECT k.table_name, (SELECT data_type FROM information_schema.columns i
                          WHERE i.table_schema = 'public' AND i.table_name = k.table_name AND i.column_name = 'id') AS id_type
    FROM information_schema.columns k
    WHERE k.table_schema = 'public' AND k.column_name = 'contact_id'`);
  const idType = new Map(holders.map((row) => [row.table_name, row.id_type]));
  const unknown = holders
    .map((row) => row.table_name)
    .filter((name) => !(CLONE_ORDER as readonly string[]).includes(name) && !TRIGGER_KEPT.includes(name));
  if (unknown.length) {
    throw new Error(
      `tables with a contact_id that seeding does not copy yet: ${unknown.join(', ')} (add them to CLONE_ORDER)`,
    );
  }
  const messageList = messageIds.length ? `ARRAY[${messageIds.map(literal).join(', ')}]` : `ARRAY[]::text[]`;
  const tables: CloneTable[] = CLONE_ORDER.map((name): CloneTable => {
    switch (name) {
      case 'contacts':
        return { name, where: `t.id = ${c}::uuid` };
      case 'run_events':
        return { name, where: `t.run_id IN (${runIds.map((id) => `${literal(id)}::uuid`).join(', ')})` };
      case 'outbox':
        // The timer's outbox row is copied unpublished: the engine's relay arms each copy's timer.
        return {
          name,
          where: `(t.payload->>'contactId' = ${c} OR t.payload->'messageIds' ?| ${messageList})`,
          serialId: true,
          publishedAt: `CASE WHEN t.kind = 'timer' THEN NULL ELSE to_jsonb(t.published_at) END`,
        };
      default:
        return { name, where: `t.contact_id = ${c}::uuid`, serialId: idType.get(name) === 'bigint' };
    }
  });
  return {
    contactId: contact.id,
    runIds,
    tables,
    template: {
      phoneDigits: phone.replace(/^\+/, ''),
      uuids: [contact.id, ...uuids.map((row) => row.id)],
      tokens: tokens.map((row) => row.token),
      dueAt: { iso: timers[0].iso.toISOString(), pg: timers[0].pg },
    },
  };
}

/**
 * Writes copies from..to of the template in one transaction, as that many committed transitions
 * would have, then publishes the tenant's outbox with the engine's own relay (what the worker does
 * after each commit). Since issue 21's fifth round a timer has no outbox row (the worker's timer
 * poller fires the run_timers copies when they fall due); a template from an older version's timer
 * row is only marked published.
 */
export async function seedChunk(
  prisma: PrismaClient,
  queue: BullMqJobQueue,
  tenantId: string,
  seed: SeedTemplate,
  schedule: CloneSchedule,
): Promise<number> {
  const statements = cloneStatements(seed.tables, seed.template, schedule);
  await prisma.$transaction(
    async (tx) => {
      for (const statement of statements) await tx.$executeRawUnsafe(statement);
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  const clock: Clock = { now: () => new Date() };
  let published = 0;
  for (;;) {
    const batch = await publishOutbox(prisma, queue, clock, tenantId);
    published += batch;
    if (batch === 0) return published;
  }
}

export function benchQueue(redisUrl: string): BullMqJobQueue {
  return new BullMqJobQueue(bullConnection(redisUrl));
}
