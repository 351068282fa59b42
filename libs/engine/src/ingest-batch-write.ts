import { pgPoolOf, type PrismaClient } from '@leadline/database';
import type { Pool, QueryResult } from 'pg';
import { statusRank, type DeliveryStatus, type MessageEvent, type StatusEvent } from '@leadline/whatsapp';
import { dedupeKeys } from './contact-event-payloads';
import type { IngestOutcome } from './ingest-channel-event';
import { optKeyword } from './ingest-channel-event';
import type { ChannelOwner } from './lookup-cache';
import { tenantSettingsBy } from './lookup-cache';
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
 * fourth round), every batch (since the fifth, media and opt-in/out keywords too):
 * - usually ONE round trip: a batch of one tenant is one call of ll_ingest_tenant_batch, its own
 *   transaction (PostgreSQL answers it after the commit); several tenants: BEGIN, one call each,
 *   COMMIT (writeInOneCallEach);
 * - a tenant's settings (for its opt-in/out keywords, found here and passed per message) come from
 *   the lookup cache, read when missing (once per 5 s) in one round trip of their own (settingsOf).
 *
 * Tenant isolation: the events are grouped by their channel's tenant, and each group is written by
 * its own call, which scopes itself to that tenant (the tenant role and `app.tenant_id`, both
 * transaction-local), so row-level security checks every row it writes as in `withTenant`.
 */
export async function writeIngestBatch(
  prisma: PrismaClient,
  batch: readonly BatchedEvent[],
): Promise<IngestOutcome[]> {
  const pool = pgPoolOf(prisma);
  if (!pool) throw new Error('webhook ingest needs a Prisma client made by createPrismaClient (its pg pool)');
  const groups = byTenantOf(batch);
  const settings = new Map<string, unknown>();
  for (const tenantId of groups.keys()) settings.set(tenantId, await settingsOf(pool, tenantId));
  return writeInOneCallEach(pool, batch, groups, settings);
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
  settings: Map<string, unknown>,
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = new Array(batch.length);
  // In tenant id order: each call locks its tenant's rows (contacts, then messages in id order), so
  // two API processes writing batches of the same tenants lock them in one order and cannot
  // deadlock across tenants either.
  const calls = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tenantId, indexes]) => tenantCall(tenantId, batch, indexes, outcomes, settings.get(tenantId)));
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
  settings: unknown,
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
    // Added last (migration 20261208020000_ingest_media_keywords): each message's keyword and media.
    fresh.map((item) => optKeyword(settings, item.event.message.text) ?? null),
    fresh.map((item) => item.event.message.media?.kind ?? null),
    fresh.map((item) => item.event.message.media?.mimeType ?? null),
    fresh.map((item) => item.event.message.media?.filename ?? null),
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

/** Meta echoes our message id (biz_opaque_callback_data): it finds a send whose response was lost. */
function callbackId(event: StatusEvent): string | null {
  return event.callbackData && /^[0-9a-f-]{36}$/i.test(event.callbackData) ? event.callbackData : null;
}
