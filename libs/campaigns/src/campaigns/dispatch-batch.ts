import type { TenantTransaction } from '@leadline/database';
import { CAMPAIGN_KEY_PREFIX } from '@leadline/engine';
import type { OutboundMessage } from '@leadline/flow-core';
import { campaignParamsSchema } from './campaign-spec';
import { resolveParams, type RecipientContact } from './resolve-params';

/** Why a recipient was never sent the campaign. */
export type SkipReason = 'opted_out' | 'marketing_to_us' | 'invalid';

/** The idempotency key of a recipient's message: one message per recipient, ever. */
export function campaignMessageKey(campaignId: string, recipientId: bigint | string): string {
  return `${CAMPAIGN_KEY_PREFIX}${campaignId}:${recipientId}`;
}

interface ClaimedRow {
  id: bigint;
  contact_id: string;
  phone: string;
  name: string | null;
  fields: Record<string, unknown> | null;
  opt_in_state: string;
}

export interface BatchOutcome {
  /** Messages handed to the send path. */
  queued: number;
  skipped: number;
  /** Why nothing was claimed: the campaign is not running, or the tier is used up. */
  held?: 'not_running' | 'tier_limit';
  /** No pending recipient left (the campaign is complete once this is true). */
  exhausted: boolean;
}

export interface BatchLimits {
  /** At most this many recipients are claimed (the send rate's budget for this tick). */
  max: number;
  now: Date;
  /** Test seam: runs after the claim, inside the transaction (a throw there is a crash mid-batch). */
  afterClaim?: () => Promise<void>;
}

/**
 * Hands the next recipients of a running campaign to the engine's send path, in ONE transaction:
 *
 *   claim (pending rows, FOR UPDATE SKIP LOCKED) → decide (skip opted-out / +1 marketing / invalid)
 *   → write each sendable recipient's message row ("queued", idempotency key campaign:<id>:<recipient>)
 *   and its outbox entry → mark the recipients "queued" with their message id → commit.
 *
 * Why no recipient is messaged twice and none is skipped, whatever crashes:
 * - A worker that dies before the commit leaves nothing: the claim, the messages and the outbox rows
 *   roll back together and the recipients are "pending" again for the next batch (no gap).
 * - After the commit a recipient is "queued" and never claimed again; its message exists once (the
 *   unique (tenant_id, idempotency_key) also refuses a second row), and from there the engine's own
 *   send path owns it: the outbox is published after commit (or by the sweeper if the worker died
 *   first), and the send job's ledger (status "queued" → send_attempted_at → "sent") sends each message
 *   id at most once, reconciling with the provider's status webhook when a send was in doubt.
 * - Two workers never claim the same rows (SKIP LOCKED), and the campaign row is locked first
 *   (FOR UPDATE SKIP LOCKED) so only one worker spends a campaign's rate budget at a time; pause and
 *   cancel lock it too, so they wait for a batch in flight and the next batch sees them.
 */
export async function dispatchBatch(
  tx: TenantTransaction,
  tenantId: string,
  campaignId: string,
  limits: BatchLimits,
): Promise<BatchOutcome> {
  const [campaign] = await tx.$queryRaw<
    Array<{
      status: string;
      channel_id: string;
      template_name: string;
      template_language: string;
      params: unknown;
      category: string | null;
    }>
  >`
    SELECT k.status::text AS status, k.channel_id, k.template_name, k.template_language, k.params,
           t.category::text AS category
    FROM campaigns k
    LEFT JOIN templates t ON t.channel_id = k.channel_id AND t.name = k.template_name AND t.language = k.template_language
    WHERE k.id = ${campaignId}::uuid
    FOR UPDATE OF k SKIP LOCKED`;
  if (!campaign || campaign.status !== 'running')
    return { queued: 0, skipped: 0, held: 'not_running', exhausted: false };
  if (limits.max <= 0) {
    return { queued: 0, skipped: 0, held: 'tier_limit', exhausted: !(await hasPending(tx, campaignId)) };
  }
  const claimed = await tx.$queryRaw<ClaimedRow[]>`
    SELECT r.id, r.contact_id, c.phone, c.name, c.fields, c.opt_in_state::text AS opt_in_state
    FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id
    WHERE r.campaign_id = ${campaignId}::uuid AND r.state = 'pending'
    ORDER BY r.id
    LIMIT ${limits.max}
    FOR UPDATE OF r SKIP LOCKED`;
  await limits.afterClaim?.();
  if (!claimed.length) return { queued: 0, skipped: 0, exhausted: !(await hasPending(tx, campaignId)) };

  const params = campaignParamsSchema.parse(campaign.params ?? {});
  const marketing = campaign.category === 'marketing';
  const skips: Array<{ id: bigint; reason: SkipReason }> = [];
  const sends: Array<{ row: ClaimedRow; message: OutboundMessage }> = [];
  for (const row of claimed) {
    const reason = skipReason(row, marketing);
    if (reason) {
      skips.push({ id: row.id, reason });
      continue;
    }
    const contact: RecipientContact = { phone: row.phone, name: row.name, fields: row.fields ?? {} };
    const resolved = resolveParams(params, contact);
    if (!resolved.ok) {
      skips.push({ id: row.id, reason: 'invalid' });
      continue;
    }
    sends.push({
      row,
      message: {
        type: 'template',
        template: {
          name: campaign.template_name,
          language: campaign.template_language,
          params: resolved.body,
          ...(resolved.header !== undefined ? { header: resolved.header } : {}),
          ...(params.headerMedia ? { headerMedia: params.headerMedia } : {}),
        },
      },
    });
  }
  if (skips.length) {
    await tx.$executeRaw`
      UPDATE campaign_recipients r SET state = 'skipped', skip_reason = s.reason
      FROM unnest(${skips.map((s) => s.id)}::bigint[], ${skips.map((s) => s.reason)}::text[]) AS s(id, reason)
      WHERE r.id = s.id`;
  }
  if (sends.length) await queueSends(tx, tenantId, campaignId, campaign.channel_id, sends, limits.now);
  return { queued: sends.length, skipped: skips.length, exhausted: false };
}

/** Rules checked before a message exists; the send job checks opt-out and +1 again when it sends. */
function skipReason(row: ClaimedRow, marketing: boolean): SkipReason | undefined {
  if (row.opt_in_state === 'opted_out') return 'opted_out';
  if (!/^\+[1-9]\d{6,14}$/.test(row.phone)) return 'invalid';
  if (marketing && row.phone.startsWith('+1')) return 'marketing_to_us';
  return undefined;
}

async function hasPending(tx: TenantTransaction, campaignId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM campaign_recipients WHERE campaign_id = ${campaignId}::uuid AND state = 'pending' LIMIT 1`;
  return rows.length > 0;
}

/**
 * Messages per send job. Each job sends its messages one after the other (skipping any already sent
 * when it is retried); a few per job keep the outbox relay and the queue at a tenth of the rows and
 * jobs, while enough jobs run side by side to hold the rate. Every recipient is a different contact,
 * so one waiting for its pair rate is rare and holds up only its own job.
 */
const MESSAGES_PER_SEND_JOB = 10;

/**
 * The messages, their conversations and outbox entries, as the engine's own transitions write them
 * (persist-transition.ts, queue-agent-message.ts), but a batch per statement.
 */
async function queueSends(
  tx: TenantTransaction,
  tenantId: string,
  campaignId: string,
  channelId: string,
  sends: Array<{ row: ClaimedRow; message: OutboundMessage }>,
  now: Date,
): Promise<void> {
  const contactIds = sends.map((s) => s.row.contact_id);
  await tx.$executeRaw`
    INSERT INTO conversations (tenant_id, contact_id, channel_id, last_message_at)
    SELECT ${tenantId}::uuid, x.contact_id, ${channelId}::uuid, ${now}::timestamptz
    FROM unnest(${contactIds}::uuid[]) AS x(contact_id)
    WHERE NOT EXISTS (
      SELECT 1 FROM conversations v
      WHERE v.contact_id = x.contact_id AND v.channel_id = ${channelId}::uuid AND v.status <> 'closed')`;
  const conversations = await tx.$queryRaw<Array<{ id: string; contact_id: string }>>`
    SELECT DISTINCT ON (contact_id) id, contact_id FROM conversations
    WHERE channel_id = ${channelId}::uuid AND contact_id = ANY(${contactIds}::uuid[]) AND status <> 'closed'
    ORDER BY contact_id, created_at DESC`;
  const conversationOf = new Map(conversations.map((c) => [c.contact_id, c.id]));
  await tx.$executeRaw`
    UPDATE conversations SET last_message_at = ${now}::timestamptz
    WHERE id = ANY(${conversations.map((c) => c.id)}::uuid[])`;
  const keys = sends.map((s) => campaignMessageKey(campaignId, s.row.id));
  const messages = await tx.$queryRaw<Array<{ id: string; idempotency_key: string }>>`
    INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                          template_name, idempotency_key, created_at, updated_at)
    SELECT ${tenantId}::uuid, m.conversation_id, m.contact_id, ${channelId}::uuid, 'out', 'template', m.body,
           'queued', m.template_name, m.idempotency_key, ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(
      ${sends.map((s) => conversationOf.get(s.row.contact_id))}::uuid[],
      ${contactIds}::uuid[],
      ${sends.map((s) => JSON.stringify(s.message))}::jsonb[],
      ${sends.map((s) => (s.message.type === 'template' ? s.message.template.name : null))}::text[],
      ${keys}::text[]
    ) AS m(conversation_id, contact_id, body, template_name, idempotency_key)
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
    RETURNING id, idempotency_key`;
  const messageOf = new Map(messages.map((m) => [m.idempotency_key, m.id]));
  const recipientIds = sends.map((s) => s.row.id);
  await tx.$executeRaw`
    UPDATE campaign_recipients r SET state = 'queued', queued_at = ${now}::timestamptz,
           message_id = COALESCE(x.message_id, (SELECT id FROM messages WHERE idempotency_key = x.key))
    FROM unnest(${recipientIds}::bigint[], ${keys.map((k) => messageOf.get(k) ?? null)}::uuid[], ${keys}::text[])
      AS x(id, message_id, key)
    WHERE r.id = x.id`;
  const payloads: string[] = [];
  for (let i = 0; i < messages.length; i += MESSAGES_PER_SEND_JOB) {
    const ids = messages.slice(i, i + MESSAGES_PER_SEND_JOB).map((m) => m.id);
    payloads.push(JSON.stringify({ channelId, messageIds: ids }));
  }
  if (payloads.length) {
    await tx.$executeRaw`
      INSERT INTO outbox (tenant_id, kind, payload)
      SELECT ${tenantId}::uuid, 'send', p FROM unnest(${payloads}::jsonb[]) AS p`;
  }
}
