import type { TenantTransaction } from '@leadline/database';
import { tierRemaining } from './messaging-tier';

export interface CampaignStats {
  status: string;
  recipients: number;
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  replied: number;
  /** Repliers whose follow-up flow run completed. */
  completed: number;
  skipped: { optedOut: number; tierLimit: number; invalid: number; marketingToUs: number; cancelled: number };
}

/**
 * The campaign's numbers, from its recipients and their messages (the statuses Meta reported).
 * Cumulative like a funnel: a read message counts as delivered and sent too. `skipped.tierLimit` is
 * how many recipients wait because the channel's tier is used up for now; they go out as it frees.
 */
export async function campaignStats(
  tx: TenantTransaction,
  campaignId: string,
  now: Date,
): Promise<CampaignStats | undefined> {
  const campaign = await tx.campaign.findUnique({
    where: { id: campaignId },
    select: { status: true, channelId: true },
  });
  if (!campaign) return undefined;
  const [row] = await tx.$queryRaw<Array<Record<string, number>>>`
    SELECT count(*)::int AS recipients,
      count(*) FILTER (WHERE r.state = 'pending')::int AS pending,
      count(*) FILTER (WHERE m.status IN ('sent', 'delivered', 'read'))::int AS sent,
      count(*) FILTER (WHERE m.status IN ('delivered', 'read'))::int AS delivered,
      count(*) FILTER (WHERE m.status = 'read')::int AS read,
      count(*) FILTER (WHERE m.status = 'failed')::int AS failed,
      count(*) FILTER (WHERE r.replied_at IS NOT NULL)::int AS replied,
      count(*) FILTER (WHERE fr.status = 'completed')::int AS completed,
      count(*) FILTER (WHERE r.skip_reason = 'opted_out')::int AS opted_out,
      count(*) FILTER (WHERE r.skip_reason = 'invalid')::int AS invalid,
      count(*) FILTER (WHERE r.skip_reason = 'marketing_to_us')::int AS marketing_to_us,
      count(*) FILTER (WHERE r.state = 'cancelled')::int AS cancelled
    FROM campaign_recipients r
    LEFT JOIN messages m ON m.id = r.message_id
    LEFT JOIN flow_runs fr ON fr.id = r.run_id
    WHERE r.campaign_id = ${campaignId}::uuid`;
  const pending = row?.pending ?? 0;
  const heldByTier =
    campaign.status === 'running' && pending > 0 && (await tierRemaining(tx, campaign.channelId, now)) === 0;
  return {
    status: campaign.status,
    recipients: row?.recipients ?? 0,
    pending,
    sent: row?.sent ?? 0,
    delivered: row?.delivered ?? 0,
    read: row?.read ?? 0,
    failed: row?.failed ?? 0,
    replied: row?.replied ?? 0,
    completed: row?.completed ?? 0,
    skipped: {
      optedOut: row?.opted_out ?? 0,
      tierLimit: heldByTier ? pending : 0,
      invalid: row?.invalid ?? 0,
      marketingToUs: row?.marketing_to_us ?? 0,
      cancelled: row?.cancelled ?? 0,
    },
  };
}

export interface RecipientView {
  id: string;
  contactId: string;
  phone: string;
  name: string | null;
  state: string;
  messageStatus: string | null;
  /** Why it was not sent or failed, in words. */
  reason: string | null;
  errorCode: string | null;
  repliedAt: Date | null;
  flowStatus: string | null;
}

const SKIP_WORDS: Record<string, string> = {
  opted_out: 'Opted out of marketing messages',
  marketing_to_us: 'Meta does not deliver marketing templates to +1 numbers',
  invalid: 'Missing a value the template needs, or not a valid number',
};

/** One page of a campaign's recipients, failures first when asked. */
export async function listRecipients(
  tx: TenantTransaction,
  campaignId: string,
  options: { limit: number; after?: string; only?: 'failed' | 'skipped' | 'replied' },
): Promise<RecipientView[]> {
  const rows = await tx.$queryRaw<
    Array<{
      id: bigint;
      contact_id: string;
      phone: string;
      name: string | null;
      state: string;
      skip_reason: string | null;
      status: string | null;
      error_code: string | null;
      error_message: string | null;
      replied_at: Date | null;
      flow_status: string | null;
    }>
  >`
    SELECT r.id, r.contact_id, c.phone, c.name, r.state::text AS state, r.skip_reason, m.status::text AS status,
           m.error_code, m.error_message, r.replied_at, fr.status::text AS flow_status
    FROM campaign_recipients r
    JOIN contacts c ON c.id = r.contact_id
    LEFT JOIN messages m ON m.id = r.message_id
    LEFT JOIN flow_runs fr ON fr.id = r.run_id
    WHERE r.campaign_id = ${campaignId}::uuid
      AND r.id > ${BigInt(options.after ?? '0')}
      AND (${options.only ?? null}::text IS NULL
        OR (${options.only ?? null}::text = 'failed' AND m.status = 'failed')
        OR (${options.only ?? null}::text = 'skipped' AND r.state = 'skipped')
        OR (${options.only ?? null}::text = 'replied' AND r.replied_at IS NOT NULL))
    ORDER BY r.id
    LIMIT ${options.limit}`;
  return rows.map((r) => ({
    id: String(r.id),
    contactId: r.contact_id,
    phone: r.phone,
    name: r.name,
    state: r.state,
    messageStatus: r.status,
    reason: r.skip_reason
      ? (SKIP_WORDS[r.skip_reason] ?? r.skip_reason)
      : r.status === 'failed'
        ? r.error_message
        : null,
    errorCode: r.status === 'failed' ? r.error_code : r.skip_reason,
    repliedAt: r.replied_at,
    flowStatus: r.flow_status,
  }));
}
