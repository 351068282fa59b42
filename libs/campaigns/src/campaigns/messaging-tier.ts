import type { TenantTransaction } from '@leadline/database';

const DAY_MS = 24 * 3600 * 1000;

/**
 * How many more unique contacts campaigns may reach on a channel now: its messaging tier (unique
 * contacts per rolling 24 hours, set on the channel or read from Meta) minus the contacts campaigns handed to the send
 * path in the last 24 hours. Infinity when the channel has no tier set. What is left of an audience
 * waits ("pending") and goes out as the window rolls on: the remainder is carried to the next day.
 */
/**
 * Meta's messaging tier as it reports it (`messaging_limit_tier` on the number, `current_limit` in the
 * quality webhook, kept in `channels.messaging_tier` by channel health): unique contacts per 24 hours.
 * Undefined for no tier, an unlimited one, or a value we do not know (then nothing is held back).
 */
export function metaTierLimit(tier: string | null | undefined): number | undefined {
  const match = /^TIER_(\d+)(K?)$/i.exec(tier?.trim() ?? '');
  if (!match) return undefined;
  return Number(match[1]) * (match[2] ? 1000 : 1);
}

export async function tierRemaining(tx: TenantTransaction, channelId: string, now: Date): Promise<number> {
  const channel = await tx.channel.findUnique({
    where: { id: channelId },
    select: { messagingLimit: true, messagingTier: true },
  });
  return tierRemainingOf(tx, channelId, channelTierLimit(channel ?? {}), now);
}

/** A limit set on the channel wins; else the tier Meta reported for the number (undefined: none). */
export function channelTierLimit(channel: {
  messagingLimit?: number | null;
  messagingTier?: string | null;
}): number | undefined {
  return channel.messagingLimit ?? metaTierLimit(channel.messagingTier);
}

/** What is left of `limit` on the channel now (Infinity without a limit: nothing is counted then). */
export async function tierRemainingOf(
  tx: TenantTransaction,
  channelId: string,
  limit: number | undefined,
  now: Date,
): Promise<number> {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  const since = new Date(now.getTime() - DAY_MS);
  const [row] = await tx.$queryRaw<Array<{ used: number }>>`
    SELECT count(DISTINCT r.contact_id)::int AS used
    FROM campaign_recipients r JOIN campaigns k ON k.id = r.campaign_id
    WHERE k.channel_id = ${channelId}::uuid AND r.queued_at > ${since}::timestamptz`;
  return Math.max(0, limit - (row?.used ?? 0));
}
