import type { TenantTransaction } from '@leadline/database';

const DAY_MS = 24 * 3600 * 1000;

/**
 * How many more unique contacts campaigns may reach on a channel now: its messaging tier (unique
 * contacts per rolling 24 hours, set on the channel) minus the contacts campaigns handed to the send
 * path in the last 24 hours. Infinity when the channel has no tier set. What is left of an audience
 * waits ("pending") and goes out as the window rolls on: the remainder is carried to the next day.
 */
export async function tierRemaining(tx: TenantTransaction, channelId: string, now: Date): Promise<number> {
  const channel = await tx.channel.findUnique({ where: { id: channelId }, select: { messagingLimit: true } });
  const limit = channel?.messagingLimit;
  if (limit === null || limit === undefined) return Number.POSITIVE_INFINITY;
  const since = new Date(now.getTime() - DAY_MS);
  const [row] = await tx.$queryRaw<Array<{ used: number }>>`
    SELECT count(DISTINCT r.contact_id)::int AS used
    FROM campaign_recipients r JOIN campaigns k ON k.id = r.campaign_id
    WHERE k.channel_id = ${channelId}::uuid AND r.queued_at > ${since}::timestamptz`;
  return Math.max(0, limit - (row?.used ?? 0));
}
