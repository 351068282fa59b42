import {
  pgPoolOf,
  TENANT_ROLE,
  TENANT_SETTING,
  type PrismaClient,
  type TenantTransaction,
} from '@leadline/database';
import type { Pool, QueryResult } from 'pg';
import { statusRank, type DeliveryStatus, type MessageEvent, type StatusEvent } from '@leadline/whatsapp';
import { dedupeKeys } from './contact-event-payloads';
import type { IngestOutcome } from './ingest-channel-event';
import { optKeyword } from './ingest-channel-event';
import type { ChannelOwner } from './lookup-cache';
import { tenantSettings, tenantSettingsBy } from './lookup-cache';
import { notifyCustomerReplied } from './notification-events';
import { batchTransaction, scopeSql } from './sql/batch-transaction';
import { runHot, uuidLiteral } from './sql/hot-sql';
import { INGEST_TENANT_BATCH, type TenantBatchRow } from './sql/ingest-statements';

/**
 * One event of a group commit, its channel already resolved and inside the webhook's scope. Only the
 * two kinds that make up nearly all webhook traffic are batched: inbound messages and the forward
 * statuses (`sent`, `delivered`, `read`); the rest keeps its own transaction (ingest-channel-event.ts).
 */
export type BatchedEvent =
  | { kind: 'message'; event: MessageEvent; channel: ChannelOwner }
  | {
      kind: 'status';
      event: StatusEvent & { status: Exclude<DeliveryStatus, 'failed'> };
      channel: ChannelOwner;
    };

type MessageItem = Extract<BatchedEvent, { kind: 'message' }>;
type StatusItem = Extract<BatchedEvent, { kind: 'status' }>;

interface ItemAt extends MessageItem {
  index: number;
  at: Date;
}

function messageItems(batch: readonly BatchedEvent[], indexes: number[]): ItemAt[] {
  return indexes.map((index) => ({
    index,
    ...(batch[index] as MessageItem),
    at: new Date((batch[index] as MessageItem).event.message.at),
  }));
}

interface MergedContact {
  at: Date;
  name: string | null;
  referral: string | null;
}

/**
 * Contacts, one row per phone (the same contact twice in a batch would make ON CONFLICT DO UPDATE
 * touch a row twice): the latest time, the first name, the last referral. The caller sorts by phone
 * so two batches lock contacts in the same order.
 */
function mergeContacts(items: readonly ItemAt[]): Map<string, MergedContact> {
  const contacts = new Map<string, MergedContact>();
  for (const { event, at } of items) {
    const seen = contacts.get(event.contact.phone);
    const referral = event.message.referral ? JSON.stringify(event.message.referral) : null;
    if (!seen) contacts.set(event.contact.phone, { at, name: event.contact.name ?? null, referral });
    else {
      if (at > seen.at) seen.at = at;
      seen.name ??= event.contact.name ?? null;
      seen.referral = referral ?? seen.referral;
    }
  }
  return contacts;
}

/** The batch's messages without the repeats of a provider id seen earlier in the batch (duplicates). */
function firstOfEachMessage<T extends MessageItem>(items: readonly T[]): T[] {
  const seenIds = new Set<string>();
  return items.filter(({ event, channel }) => {
    const key = `${channel.id}/${event.message.providerMessageId}`;
    if (seenIds.has(key)) return false;
    seenIds.add(key);
    return true;
  });
}

interface MergedStatus {
  channelId: string;
  providerMessageId: string;
  callbackId: string | null;
  status: Exclude<DeliveryStatus, 'failed'>;
  at: Partial<Record<Exclude<DeliveryStatus, 'failed'>, Date>>;
  errorCode: string | null;
  errorMessage: string | null;
  members: number[];
}

/**
 * The batch's statuses of one message (a `sent` and its `delivered` often arrive together) merged
 * into one row (one UPDATE cannot change a row twice): the highest status, each status' own time.
 */
function mergeStatuses(batch: readonly BatchedEvent[], indexes: number[]): MergedStatus[] {
  const merged = new Map<string, MergedStatus>();
  for (const index of indexes) {
    const { event, channel } = batch[index] as StatusItem;
    const key = `${channel.id}/${event.providerMessageId}`;
    let row = merged.get(key);
    if (!row) {
      row = {
        channelId: channel.id,
        providerMessageId: event.providerMessageId,
        callbackId: callbackId(event),
        status: event.status,
        at: {},
        errorCode: null,
        errorMessage: null,
        members: [],
      };
      merged.set(key, row);
    }
    if (statusRank(event.status) > statusRank(row.status)) row.status = event.status;
    row.at[event.status] = new Date(event.at);
    row.callbackId ??= callbackId(event);
    const error = event.errors?.[0];
    if (error) {
      row.errorCode = String(error.code);
      row.errorMessage = error.title || error.message || null;
    }
    row.members.push(index);
  }
  return [...merged.values()];
}

function byTenantOf(batch: readonly BatchedEvent[]): Map<string, number[]> {
  const byTenant = new Map<string, number[]>();
  batch.forEach((item, index) => {
    const list = byTenant.get(item.channel.tenantId) ?? [];
    list.push(index);
    byTenant.set(item.channel.tenantId, list);
  });
  return byTenant;
}

/**
 * Writes a batch of webhook events in ONE transaction and returns each event's outcome in the
 * batch's order; either everything is committed or nothing is (the caller answers the webhooks
 * only after this resolves, and fails them when it rejects). On plain node-postgres (issue 21,
 * fourth round):
 * - usually ONE round trip: a batch of one tenant is one call of ll_ingest_tenant_batch, its own
 *   transaction (PostgreSQL answers it after the commit); several tenants: BEGIN, one call each,
 *   COMMIT (writeInOneCallEach);
 * - a tenant's settings (for its opt-in/out keywords) come from the lookup cache, read when
 *   missing (once per 5 s) in one round trip of their own (settingsOf);
 * - the rare messages with more to write (media, an opt-in/out keyword) send their whole batch
 *   down the Prisma path (writeIngestBatchWithPrisma), which does the same plus those writes; so
 *   does a client without a pg pool (tests that build their own).
 */
export async function writeIngestBatch(
  prisma: PrismaClient,
  batch: readonly BatchedEvent[],
): Promise<IngestOutcome[]> {
  const pool = pgPoolOf(prisma);
  const plain = batch.every((item) => item.kind !== 'message' || !item.event.message.media);
  if (pool && plain) {
    const groups = byTenantOf(batch);
    const settings = new Map<string, unknown>();
    for (const tenantId of groups.keys()) settings.set(tenantId, await settingsOf(pool, tenantId));
    const keyword = batch.some(
      (item) =>
        item.kind === 'message' && optKeyword(settings.get(item.channel.tenantId), item.event.message.text),
    );
    if (!keyword) return writeInOneCallEach(pool, batch, groups);
  }
  return writeIngestBatchWithPrisma(prisma, batch);
}

/**
 * A tenant's settings, from the lookup cache or read in one simple-query round trip: the scope and
 * the read form one implicit transaction (the scope is local to it; only UUID literals in the text).
 */
async function settingsOf(pool: Pool, tenantId: string): Promise<unknown> {
  return tenantSettingsBy(tenantId, async () => {
    const results = (await pool.query(
      `${scopeSql(tenantId)};\nSELECT settings FROM tenants WHERE id = ${uuidLiteral(tenantId)}`,
    )) as unknown as QueryResult[];
    return (results[1]?.rows[0] as { settings?: unknown } | undefined)?.settings;
  });
}

/** One ll_ingest_tenant_batch call per tenant: alone (its own transaction) or inside one. */
async function writeInOneCallEach(
  pool: Pool,
  batch: readonly BatchedEvent[],
  groups: Map<string, number[]>,
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = new Array(batch.length);
  const calls = [...groups].map(([tenantId, indexes]) => tenantCall(tenantId, batch, indexes, outcomes));
  if (calls.length === 1) {
    calls[0].read(await runHot(pool, INGEST_TENANT_BATCH, calls[0].values));
    return outcomes;
  }
  await batchTransaction(pool, async (tx) => {
    await tx.scope(calls[0].tenantId); // each call scopes itself again
    for (const call of calls) call.read(await tx.run(INGEST_TENANT_BATCH, call.values));
  });
  return outcomes;
}

/** The parameters of one tenant's call, and how its rows become the events' outcomes. */
function tenantCall(
  tenantId: string,
  batch: readonly BatchedEvent[],
  indexes: number[],
  outcomes: IngestOutcome[],
) {
  const items = messageItems(
    batch,
    indexes.filter((i) => batch[i].kind === 'message'),
  );
  const statusIndexes = indexes.filter((i) => batch[i].kind === 'status');
  const contacts = mergeContacts(items);
  const phones = [...contacts.keys()].sort();
  const fresh = firstOfEachMessage(items);
  const list = mergeStatuses(batch, statusIndexes);
  const values = [
    tenantId,
    phones,
    phones.map((p) => contacts.get(p)!.name),
    phones.map((p) => contacts.get(p)!.at),
    phones.map((p) => contacts.get(p)!.referral),
    fresh.map((item) => item.event.contact.phone),
    fresh.map((item) => item.channel.id),
    fresh.map((item) => item.at),
    fresh.map((item) => item.event.message.type),
    fresh.map((item) => messageBody(item)),
    fresh.map((item) => item.event.message.providerMessageId),
    fresh.map((item) => inboundPayload(item)),
    fresh.map((item) => dedupeKeys.inbound(item.channel.id, item.event.message.providerMessageId)),
    fresh.map((item) => item.event.message.text?.slice(0, 500) ?? null),
    list.map((r) => r.channelId),
    list.map((r) => r.providerMessageId),
    list.map((r) => r.callbackId),
    list.map((r) => r.status),
    list.map((r) => statusRank(r.status)),
    list.map((r) => r.at.sent ?? null),
    list.map((r) => r.at.delivered ?? null),
    list.map((r) => r.at.read ?? null),
    list.map((r) => r.errorCode),
    list.map((r) => r.errorMessage),
  ];
  const read = (rows: TenantBatchRow[]) => {
    for (const item of items) outcomes[item.index] = { outcome: 'duplicate' };
    for (const index of statusIndexes) outcomes[index] = { outcome: 'unknown_message' };
    for (const row of rows) {
      if (row.kind === 'message') {
        if (!row.message_id) continue;
        outcomes[fresh[row.ord - 1].index] = {
          outcome: 'accepted',
          tenantId,
          contactId: row.contact_id,
          notice: {
            tenantId,
            kind: 'message',
            contactId: row.contact_id,
            conversationId: row.conversation_id,
          },
        };
      } else {
        for (const index of list[row.ord - 1].members) {
          outcomes[index] = {
            outcome: 'recorded',
            notice: {
              tenantId,
              kind: 'status',
              contactId: row.contact_id,
              conversationId: row.conversation_id,
            },
          };
        }
      }
    }
  };
  return { tenantId, values, read };
}

/** What messages.body holds: the message without its provider id (a column of its own). */
function messageBody(item: MessageItem): string {
  const { providerMessageId: _providerMessageId, ...message } = item.event.message;
  return JSON.stringify(message);
}

/** The `inbound` contact event's payload. */
function inboundPayload(item: MessageItem): string {
  const { providerMessageId, ...message } = item.event.message;
  return JSON.stringify({ message: { ...message, id: providerMessageId }, channelId: item.channel.id });
}

/**
 * The Prisma writer of a batch (writeIngestBatch's path for media and keywords): ONE transaction,
 * a few set-based statements per tenant in it (not a few per event), and returns each event's outcome in the batch's order. Either everything is
 * committed or nothing is: the caller answers the webhooks only after this resolves, and fails every
 * one of them when it rejects.
 *
 * Tenant isolation: the events are grouped by their channel's tenant, and each group is written
 * with the tenant role and `app.tenant_id` set to that tenant (both transaction-local, switched
 * between groups), so row-level security checks every row of every statement as in `withTenant`.
 *
 * Order: a contact's events are inserted in the order they were submitted (contact_events ids, the
 * order the worker applies them in, follow the batch's order).
 */
export async function writeIngestBatchWithPrisma(
  prisma: PrismaClient,
  batch: readonly BatchedEvent[],
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = new Array(batch.length);
  await prisma.$transaction(async (tx) => {
    for (const [tenantId, indexes] of byTenantOf(batch)) {
      await tx.$queryRaw`SELECT set_config('role', ${TENANT_ROLE}, true), set_config(${TENANT_SETTING}, ${tenantId}, true)`;
      const messages = indexes.filter((i) => batch[i].kind === 'message');
      const statuses = indexes.filter((i) => batch[i].kind === 'status');
      if (messages.length) await writeMessages(tx, tenantId, batch, messages, outcomes);
      if (statuses.length) await writeStatuses(tx, tenantId, batch, statuses, outcomes);
    }
  });
  return outcomes;
}

/**
 * Inbound messages of one tenant: contacts (one upsert), open conversations (one statement), the
 * messages (one insert, duplicates skipped by the provider id), their contact events (one insert);
 * media rows, opt-in/out keywords and "customer replied" notices, which few messages have, per event.
 */
async function writeMessages(
  tx: TenantTransaction,
  tenantId: string,
  batch: readonly BatchedEvent[],
  indexes: number[],
  outcomes: IngestOutcome[],
): Promise<void> {
  const items = indexes.map((index) => ({
    index,
    ...(batch[index] as MessageItem),
    at: new Date((batch[index] as MessageItem).event.message.at),
  }));

  const contacts = mergeContacts(items);
  const phones = [...contacts.keys()].sort();
  const contactRows = await tx.$queryRaw<Array<{ id: string; phone: string }>>`
    INSERT INTO contacts (tenant_id, phone, name, last_inbound_at, referral)
    SELECT ${tenantId}::uuid, t.phone, t.name, t.at, t.referral::jsonb
    FROM unnest(${phones}::text[], ${phones.map((p) => contacts.get(p)!.name)}::text[],
                ${phones.map((p) => contacts.get(p)!.at)}::timestamptz[],
                ${phones.map((p) => contacts.get(p)!.referral)}::text[]) AS t(phone, name, at, referral)
    ORDER BY t.phone
    ON CONFLICT (tenant_id, phone) DO UPDATE SET
      last_inbound_at = GREATEST(contacts.last_inbound_at, EXCLUDED.last_inbound_at),
      name = COALESCE(contacts.name, EXCLUDED.name),
      referral = COALESCE(EXCLUDED.referral, contacts.referral),
      updated_at = now()
    RETURNING id, phone`;
  const contactOf = new Map(contactRows.map((row) => [row.phone, row.id]));

  // Open conversations, one per (contact, channel), touched or created (as openConversation does
  // for one): the contact rows locked above keep two batches from both creating one.
  const pairs = new Map<string, { contactId: string; channelId: string; at: Date }>();
  for (const { event, channel, at } of items) {
    const contactId = contactOf.get(event.contact.phone)!;
    const key = `${contactId}/${channel.id}`;
    const seen = pairs.get(key);
    if (!seen) pairs.set(key, { contactId, channelId: channel.id, at });
    else if (at > seen.at) seen.at = at;
  }
  const pairList = [...pairs.values()];
  const conversationRows = await tx.$queryRaw<
    Array<{ id: string; contact_id: string; channel_id: string; assigned_user_id: string | null }>
  >`
    WITH input AS (
      SELECT * FROM unnest(${pairList.map((p) => p.contactId)}::uuid[], ${pairList.map((p) => p.channelId)}::uuid[],
                           ${pairList.map((p) => p.at)}::timestamptz[]) AS t(contact_id, channel_id, at)
    ), open AS (
      SELECT DISTINCT ON (c.contact_id, c.channel_id) c.id, c.contact_id, c.channel_id, i.at
      FROM input i JOIN conversations c
        ON c.contact_id = i.contact_id AND c.channel_id = i.channel_id AND c.status <> 'closed'
      ORDER BY c.contact_id, c.channel_id, c.created_at DESC
    ), touched AS (
      UPDATE conversations c SET last_message_at = open.at, updated_at = now()
      FROM open WHERE c.id = open.id
      RETURNING c.id, c.contact_id, c.channel_id, c.assigned_user_id
    ), created AS (
      INSERT INTO conversations (tenant_id, contact_id, channel_id, last_message_at)
      SELECT ${tenantId}::uuid, i.contact_id, i.channel_id, i.at FROM input i
      WHERE NOT EXISTS (SELECT 1 FROM open o WHERE o.contact_id = i.contact_id AND o.channel_id = i.channel_id)
      RETURNING id, contact_id, channel_id, assigned_user_id
    )
    SELECT id, contact_id, channel_id, assigned_user_id FROM touched
    UNION ALL SELECT id, contact_id, channel_id, assigned_user_id FROM created`;
  const conversationOf = new Map(
    conversationRows.map((row) => [
      `${row.contact_id}/${row.channel_id}`,
      { id: row.id, assignedUserId: row.assigned_user_id },
    ]),
  );

  // The messages, in the batch's order; a provider id seen earlier in the batch is a duplicate.
  const seenIds = new Set<string>();
  const fresh = items.filter(({ event, channel }) => {
    const key = `${channel.id}/${event.message.providerMessageId}`;
    if (seenIds.has(key)) return false;
    seenIds.add(key);
    return true;
  });
  const rows = fresh.map((item) => {
    const contactId = contactOf.get(item.event.contact.phone)!;
    const { providerMessageId, ...message } = item.event.message;
    return {
      item,
      contactId,
      conversation: conversationOf.get(`${contactId}/${item.channel.id}`)!,
      providerMessageId,
      message,
    };
  });
  // clock_timestamp(): each row its own created_at, in the batch's order (now() would be one value).
  const inserted = await tx.$queryRaw<Array<{ id: string; channel_id: string; provider_message_id: string }>>`
    INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body,
                          provider_message_id, status, created_at)
    SELECT ${tenantId}::uuid, t.conversation_id, t.contact_id, t.channel_id, 'in', t.type, t.body::jsonb,
           t.provider_message_id, 'received', clock_timestamp()
    FROM unnest(${rows.map((r) => r.conversation.id)}::uuid[], ${rows.map((r) => r.contactId)}::uuid[],
                ${rows.map((r) => r.item.channel.id)}::uuid[], ${rows.map((r) => r.message.type)}::text[],
                ${rows.map((r) => JSON.stringify(r.message))}::text[], ${rows.map((r) => r.providerMessageId)}::text[])
         WITH ORDINALITY AS t(conversation_id, contact_id, channel_id, type, body, provider_message_id, ord)
    ORDER BY t.ord
    ON CONFLICT (channel_id, provider_message_id) DO NOTHING
    RETURNING id, channel_id, provider_message_id`;
  const insertedId = new Map(inserted.map((row) => [`${row.channel_id}/${row.provider_message_id}`, row.id]));
  const accepted = rows.filter((r) => insertedId.has(`${r.item.channel.id}/${r.providerMessageId}`));
  for (const { index } of items) outcomes[index] = { outcome: 'duplicate' };

  const media = accepted.filter((r) => r.message.media);
  if (media.length) {
    // The files are fetched later by the inbound-media job (inbound-media.ts), never in here.
    await tx.messageMedia.createMany({
      data: media.map((r) => ({
        tenantId,
        contactId: r.contactId,
        messageId: insertedId.get(`${r.item.channel.id}/${r.providerMessageId}`)!,
        kind: r.message.media!.kind,
        mimeType: r.message.media!.mimeType ?? null,
        filename: r.message.media!.filename ?? null,
      })),
    });
  }

  const settings = accepted.length ? await tenantSettings(tx, tenantId) : null;
  const events = accepted.map((r) => ({ ...r, control: optKeyword(settings, r.message.text) }));
  for (const { contactId, control, item } of events) {
    if (!control) continue;
    // In the batch's order, so "STOP" then "START" of one contact ends opted in.
    await tx.contact.update({
      where: { id: contactId },
      data:
        control === 'opt_out'
          ? { optInState: 'opted_out', optedOutAt: item.at }
          : { optInState: 'opted_in', optedInAt: item.at },
    });
  }
  if (events.length) {
    await tx.$executeRaw`
      INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
      SELECT ${tenantId}::uuid, t.contact_id, t.kind, t.payload::jsonb, t.dedupe_key, t.occurred_at
      FROM unnest(${events.map((e) => e.contactId)}::uuid[], ${events.map((e) => (e.control ? 'control' : 'inbound'))}::text[],
                  ${events.map((e) =>
                    JSON.stringify(
                      e.control
                        ? { action: e.control }
                        : {
                            message: { ...e.message, id: e.providerMessageId },
                            channelId: e.item.channel.id,
                          },
                    ),
                  )}::text[],
                  ${events.map((e) => dedupeKeys.inbound(e.item.channel.id, e.providerMessageId))}::text[],
                  ${events.map((e) => e.item.at)}::timestamptz[])
           WITH ORDINALITY AS t(contact_id, kind, payload, dedupe_key, occurred_at, ord)
      ORDER BY t.ord
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`;
  }
  for (const e of events) {
    if (!e.control) {
      await notifyCustomerReplied(
        tx,
        {
          tenantId,
          contactId: e.contactId,
          conversationId: e.conversation.id,
          text: e.message.text ?? null,
          assignedUserId: e.conversation.assignedUserId,
        },
        e.item.at,
      );
    }
    outcomes[e.item.index] = {
      outcome: 'accepted',
      tenantId,
      contactId: e.contactId,
      notice: { tenantId, kind: 'message', contactId: e.contactId, conversationId: e.conversation.id },
    };
  }
}

/** Meta echoes our message id (biz_opaque_callback_data): it finds a send whose response was lost. */
function callbackId(event: StatusEvent): string | null {
  return event.callbackData && /^[0-9a-f-]{36}$/i.test(event.callbackData) ? event.callbackData : null;
}

/**
 * Forward statuses of one tenant in one UPDATE. The batch's statuses of one message (a `sent` and
 * its `delivered` often arrive together) are merged first into one row (one UPDATE cannot change a
 * row twice): the highest status, each status' own timestamp. On the row, as it is when its lock is
 * granted, the status only moves forward (the precedence of isStatusForward; `failed` stays), the
 * timestamps are kept anyway, and `read` fills a missing `delivered_at` (as the one-event path does).
 */
async function writeStatuses(
  tx: TenantTransaction,
  tenantId: string,
  batch: readonly BatchedEvent[],
  indexes: number[],
  outcomes: IngestOutcome[],
): Promise<void> {
  const list = mergeStatuses(batch, indexes);
  const updated = await tx.$queryRaw<Array<{ ord: bigint; contact_id: string; conversation_id: string }>>`
    WITH input AS (
      SELECT * FROM unnest(${list.map((r) => r.channelId)}::uuid[], ${list.map((r) => r.providerMessageId)}::text[],
                           ${list.map((r) => r.callbackId)}::uuid[], ${list.map((r) => r.status)}::text[],
                           ${list.map((r) => statusRank(r.status))}::int[],
                           ${list.map((r) => r.at.sent ?? null)}::timestamptz[],
                           ${list.map((r) => r.at.delivered ?? null)}::timestamptz[],
                           ${list.map((r) => r.at.read ?? null)}::timestamptz[],
                           ${list.map((r) => r.errorCode)}::text[], ${list.map((r) => r.errorMessage)}::text[])
           WITH ORDINALITY AS t(channel_id, pmid, cb, status, rank, sent_at, delivered_at, read_at,
                                error_code, error_message, ord)
    ), target AS (
      -- Two index lookups, as ll_ingest_tenant_batch's (migration 20261208030000): one join on
      -- "provider id OR our id" could use neither index as a key and scanned the channel's messages.
      SELECT DISTINCT ON (i.ord) i.*, m.id AS message_id
      FROM input i CROSS JOIN LATERAL (
        SELECT x.id, x.provider_message_id FROM messages x
        WHERE x.channel_id = i.channel_id AND x.provider_message_id = i.pmid
        UNION ALL
        SELECT x.id, x.provider_message_id FROM messages x
        WHERE x.id = i.cb AND x.channel_id = i.channel_id
      ) m
      ORDER BY i.ord, (m.provider_message_id IS NOT DISTINCT FROM i.pmid) DESC
    )
    UPDATE messages m SET
      provider_message_id = COALESCE(m.provider_message_id, t.pmid),
      status = CASE
        WHEN m.status <> 'failed'
         AND (CASE m.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 0 END) < t.rank
        THEN t.status::message_status ELSE m.status END,
      sent_at = COALESCE(t.sent_at, m.sent_at),
      delivered_at = COALESCE(t.delivered_at, m.delivered_at, t.read_at),
      read_at = COALESCE(t.read_at, m.read_at),
      error_code = COALESCE(t.error_code, m.error_code),
      error_message = CASE WHEN t.error_code IS NULL THEN m.error_message ELSE t.error_message END,
      updated_at = now()
    FROM target t WHERE m.id = t.message_id
    RETURNING t.ord, m.contact_id, m.conversation_id`;
  for (const index of indexes) outcomes[index] = { outcome: 'unknown_message' };
  for (const row of updated) {
    for (const index of list[Number(row.ord) - 1].members) {
      outcomes[index] = {
        outcome: 'recorded',
        notice: { tenantId, kind: 'status', contactId: row.contact_id, conversationId: row.conversation_id },
      };
    }
  }
}
