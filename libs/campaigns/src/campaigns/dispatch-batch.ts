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

/** An outbox row the batch committed: the caller publishes it after commit (publishCommitted). */
export interface QueuedOutboxRow {
  id: bigint;
  kind: string;
  payload: Record<string, unknown>;
}

export interface BatchOutcome {
  /** Messages handed to the send path. */
  queued: number;
  skipped: number;
  /**
   * Why nothing was claimed: the campaign is not running (or another worker holds it), the tier is
   * used up, or the rate's budget or the send path's backlog says wait.
   */
  held?: 'not_running' | 'tier_limit' | 'wait';
  /** No pending recipient left (the campaign is complete once this is true). */
  exhausted: boolean;
  /** The send jobs' outbox rows this batch wrote, to publish after commit. */
  outbox: QueuedOutboxRow[];
}

/**
 * What the batch's first statement reads with the campaign row lock, so the dispatcher decides how
 * many recipients to claim without round trips of its own (rate, backlog, tier).
 */
export interface CampaignPlan {
  channelId: string;
  ratePerSecond: number;
  dispatchedAt: Date | null;
  startedAt: Date | null;
  /** Campaign messages of the channel still queued in the send path (any campaign). */
  backlog: number;
  /** The channel's messaging tier as set on it, and as Meta reports it (messaging-tier.ts). */
  messagingLimit: number | null;
  messagingTier: string | null;
}

export interface BatchLimits {
  /**
   * At most this many recipients are claimed (the send rate's budget for this tick), or how to work
   * it out from the locked campaign: a number (0: the tier is used up), or 'wait' (nothing this time).
   */
  max: number | ((plan: CampaignPlan) => Promise<number | 'wait'> | number | 'wait');
  now: Date;
  /** Test seam: runs after the claim, inside the transaction (a throw there is a crash mid-batch). */
  afterClaim?: () => Promise<void>;
}

/**
 * Hands the next recipients of a running campaign to the engine's send path, in ONE transaction of
 * four statements whatever the batch size (campaigns.int-spec.ts counts them):
 *
 *   1. lock the campaign, reading with it what the limits need (rate, backlog, tier);
 *   2. claim (pending rows, FOR UPDATE SKIP LOCKED) → decide in memory (skip opted-out / +1
 *      marketing / invalid);
 *   3. the recipients' open conversations (found or created);
 *   4. write every sendable recipient's message row ("queued", idempotency key
 *      campaign:<id>:<recipient>), the send jobs' outbox rows, the recipients' new states (queued
 *      with their message id, or skipped with the reason) and the campaign's dispatch time → commit.
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
      rate_per_second: number;
      dispatched_at: Date | null;
      started_at: Date | null;
      messaging_limit: number | null;
      messaging_tier: string | null;
      backlog: number;
    }>
  >`
    SELECT k.status::text AS status, k.channel_id, k.template_name, k.template_language, k.params,
           t.category::text AS category, k.rate_per_second, k.dispatched_at, k.started_at,
           ch.messaging_limit, ch.messaging_tier,
           (SELECT count(*)::int FROM messages m
            WHERE m.status = 'queued' AND m.run_id IS NULL AND m.channel_id = k.channel_id
              -- Implied by status = 'queued'; lets messages_queued_idx (keyed on these) serve the count.
              AND m.provider_message_id IS NULL AND m.failed_at IS NULL
              AND m.idempotency_key LIKE ${`${CAMPAIGN_KEY_PREFIX}%`}) AS backlog
    FROM campaigns k
    LEFT JOIN templates t ON t.channel_id = k.channel_id AND t.name = k.template_name AND t.language = k.template_language
    LEFT JOIN channels ch ON ch.id = k.channel_id
    WHERE k.id = ${campaignId}::uuid
    FOR UPDATE OF k SKIP LOCKED`;
  const none = { queued: 0, skipped: 0, outbox: [] };
  if (!campaign || campaign.status !== 'running') return { ...none, held: 'not_running', exhausted: false };
  const max =
    typeof limits.max === 'number'
      ? limits.max
      : await limits.max({
          channelId: campaign.channel_id,
          ratePerSecond: campaign.rate_per_second,
          dispatchedAt: campaign.dispatched_at,
          startedAt: campaign.started_at,
          backlog: campaign.backlog,
          messagingLimit: campaign.messaging_limit,
          messagingTier: campaign.messaging_tier,
        });
  if (max === 'wait') return { ...none, held: 'wait', exhausted: false };
  if (max <= 0) {
    return { ...none, held: 'tier_limit', exhausted: !(await hasPending(tx, campaignId)) };
  }
  const claimed = await tx.$queryRaw<ClaimedRow[]>`
    SELECT r.id, r.contact_id, c.phone, c.name, c.fields, c.opt_in_state::text AS opt_in_state
    FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id
    WHERE r.campaign_id = ${campaignId}::uuid AND r.state = 'pending'
    ORDER BY r.id
    LIMIT ${max}
    FOR UPDATE OF r SKIP LOCKED`;
  await limits.afterClaim?.();
  if (!claimed.length) return { ...none, exhausted: !(await hasPending(tx, campaignId)) };

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
  const outbox = await writeBatch(tx, tenantId, campaignId, campaign.channel_id, sends, skips, limits.now);
  return { queued: sends.length, skipped: skips.length, exhausted: false, outbox };
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
 * (persist-transition.ts, queue-agent-message.ts), with the recipients' new states: two statements
 * for the whole batch (the conversations, then everything else as one statement of data-modifying
 * CTEs), however many recipients it holds.
 */
async function writeBatch(
  tx: TenantTransaction,
  tenantId: string,
  campaignId: string,
  channelId: string,
  sends: Array<{ row: ClaimedRow; message: OutboundMessage }>,
  skips: Array<{ id: bigint; reason: SkipReason }>,
  now: Date,
): Promise<QueuedOutboxRow[]> {
  const contactIds = sends.map((s) => s.row.contact_id);
  // Each contact's open conversation on the channel (its latest), its last_message_at moved on, or a
  // new one. A contact is in exactly one branch: the insert only takes contacts with none open.
  const conversations = contactIds.length
    ? await tx.$queryRaw<Array<{ id: string; contact_id: string }>>`
    WITH latest AS (
      SELECT DISTINCT ON (contact_id) id FROM conversations
      WHERE channel_id = ${channelId}::uuid AND contact_id = ANY(${contactIds}::uuid[]) AND status <> 'closed'
      ORDER BY contact_id, created_at DESC
    ), touched AS (
      UPDATE conversations v SET last_message_at = ${now}::timestamptz FROM latest
      WHERE v.id = latest.id RETURNING v.id, v.contact_id
    ), created AS (
      INSERT INTO conversations (tenant_id, contact_id, channel_id, last_message_at)
      SELECT ${tenantId}::uuid, x.contact_id, ${channelId}::uuid, ${now}::timestamptz
      FROM unnest(${contactIds}::uuid[]) AS x(contact_id)
      WHERE NOT EXISTS (
        SELECT 1 FROM conversations v
        WHERE v.contact_id = x.contact_id AND v.channel_id = ${channelId}::uuid AND v.status <> 'closed')
      RETURNING id, contact_id
    )
    SELECT id, contact_id FROM touched UNION ALL SELECT id, contact_id FROM created`
    : [];
  const conversationOf = new Map(conversations.map((c) => [c.contact_id, c.id]));
  const keys = sends.map((s) => campaignMessageKey(campaignId, s.row.id));
  // PostgreSQL runs every data-modifying CTE to completion whether or not the outer statement reads it.
  // The send jobs: MESSAGES_PER_SEND_JOB messages each, in recipient order. A message that already
  // existed (its key taken) gets no new job; its recipient still points at it.
  return tx.$queryRaw<QueuedOutboxRow[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${sends.map((s) => s.row.id)}::bigint[],
        ${sends.map((s) => conversationOf.get(s.row.contact_id))}::uuid[],
        ${contactIds}::uuid[],
        ${sends.map((s) => JSON.stringify(s.message))}::jsonb[],
        ${sends.map((s) => (s.message.type === 'template' ? s.message.template.name : null))}::text[],
        ${keys}::text[]
      ) WITH ORDINALITY AS m(recipient_id, conversation_id, contact_id, body, template_name, idempotency_key, n)
    ), inserted AS (
      INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                            template_name, idempotency_key, created_at, updated_at)
      SELECT ${tenantId}::uuid, conversation_id, contact_id, ${channelId}::uuid, 'out', 'template', body,
             'queued', template_name, idempotency_key, ${now}::timestamptz, ${now}::timestamptz
      FROM input ORDER BY n
      -- The predicate names the partial unique index (messages without a key write no entry).
      ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING id, idempotency_key
    ), queued AS (
      UPDATE campaign_recipients r SET state = 'queued', queued_at = ${now}::timestamptz,
             message_id = COALESCE(inserted.id,
               (SELECT e.id FROM messages e WHERE e.tenant_id = ${tenantId}::uuid AND e.idempotency_key = input.idempotency_key))
      FROM input LEFT JOIN inserted ON inserted.idempotency_key = input.idempotency_key
      WHERE r.id = input.recipient_id
      RETURNING r.id
    ), skipped AS (
      UPDATE campaign_recipients r SET state = 'skipped', skip_reason = s.reason
      FROM unnest(${skips.map((s) => s.id)}::bigint[], ${skips.map((s) => s.reason)}::text[]) AS s(id, reason)
      WHERE r.id = s.id
      RETURNING r.id
    ), dispatched AS (
      UPDATE campaigns SET dispatched_at = ${now}::timestamptz WHERE id = ${campaignId}::uuid RETURNING id
    ), jobs AS (
      SELECT (row_number() OVER (ORDER BY input.n) - 1) / ${MESSAGES_PER_SEND_JOB} AS job, input.n, inserted.id
      FROM inserted JOIN input ON input.idempotency_key = inserted.idempotency_key
    )
    INSERT INTO outbox (tenant_id, kind, payload)
    SELECT ${tenantId}::uuid, 'send',
           jsonb_build_object('channelId', ${channelId}::text, 'messageIds', jsonb_agg(id ORDER BY n))
    FROM jobs
    GROUP BY job
    ORDER BY job
    RETURNING id, kind, payload`;
}
