import type { TenantTransaction } from '@leadline/database';

/** A reply counts for a campaign this long after its message was handed to the send path. */
export const CAMPAIGN_REPLY_WINDOW_MS = 7 * 24 * 3600 * 1000;

export interface CampaignReply {
  recipientId: bigint;
  campaignId: string;
  /** The flow that takes over the reply, if the campaign names one. */
  flowKey: string | null;
}

/**
 * The contact's first message after a campaign reached them: the campaign's recipient row is marked
 * replied (once; later messages are not replies to the campaign any more), in the transaction that
 * applies the inbound event, so a replay of the event finds it marked and changes nothing.
 */
export async function takeCampaignReply(
  tx: TenantTransaction,
  contactId: string,
  now: Date,
): Promise<CampaignReply | undefined> {
  const since = new Date(now.getTime() - CAMPAIGN_REPLY_WINDOW_MS);
  const [row] = await tx.$queryRaw<Array<{ id: bigint; campaign_id: string; flow_key: string | null }>>`
    UPDATE campaign_recipients r SET replied_at = ${now}::timestamptz
    FROM campaigns k
    WHERE r.id = (
        SELECT id FROM campaign_recipients
        WHERE contact_id = ${contactId}::uuid AND state = 'queued' AND replied_at IS NULL
          AND queued_at > ${since}::timestamptz
        ORDER BY queued_at DESC LIMIT 1)
      AND k.id = r.campaign_id
    RETURNING r.id, r.campaign_id, k.flow_key`;
  return row ? { recipientId: row.id, campaignId: row.campaign_id, flowKey: row.flow_key } : undefined;
}

/** Links the follow-up run to the recipient, for the campaign's "completed the flow" number. */
export async function linkCampaignRun(
  tx: TenantTransaction,
  recipientId: bigint,
  runId: string,
): Promise<void> {
  await tx.$executeRaw`UPDATE campaign_recipients SET run_id = ${runId}::uuid WHERE id = ${recipientId}`;
}
