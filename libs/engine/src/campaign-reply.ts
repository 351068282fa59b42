import type { TenantTransaction } from '@leadline/database';

/** A reply counts for a campaign this long after its message was handed to the send path. */
export const CAMPAIGN_REPLY_WINDOW_MS = 7 * 24 * 3600 * 1000;

export interface CampaignReply {
  recipientId: bigint;
  campaignId: string;
  /** The flow that takes over the reply, if the campaign names one. */
  flowKey: string | null;
  /** Flows per quick-reply button (by the button's text or payload), before flowKey. */
  buttonFlows: Record<string, string>;
}

/** The flow a reply starts: its button's, when it is a button the campaign routes, else the campaign's. */
export function campaignReplyFlow(
  reply: CampaignReply,
  message: { type: string; text?: string; buttonId?: string },
): string | null {
  if (message.type === 'button') {
    for (const key of [message.buttonId, message.text]) {
      if (key && Object.hasOwn(reply.buttonFlows, key)) return reply.buttonFlows[key];
    }
  }
  return reply.flowKey;
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
  const [row] = await tx.$queryRaw<
    Array<{ id: bigint; campaign_id: string; flow_key: string | null; button_flows: unknown }>
  >`
    UPDATE campaign_recipients r SET replied_at = ${now}::timestamptz
    FROM campaigns k
    WHERE r.id = (
        SELECT id FROM campaign_recipients
        WHERE contact_id = ${contactId}::uuid AND state = 'queued' AND replied_at IS NULL
          AND queued_at > ${since}::timestamptz
        ORDER BY queued_at DESC LIMIT 1)
      AND k.id = r.campaign_id
    RETURNING r.id, r.campaign_id, k.flow_key, k.button_flows`;
  if (!row) return undefined;
  const routes: Record<string, string> = {};
  if (row.button_flows && typeof row.button_flows === 'object') {
    for (const [button, flowKey] of Object.entries(row.button_flows)) {
      if (typeof flowKey === 'string') routes[button] = flowKey;
    }
  }
  return { recipientId: row.id, campaignId: row.campaign_id, flowKey: row.flow_key, buttonFlows: routes };
}

/** Links the follow-up run to the recipient, for the campaign's "completed the flow" number. */
export async function linkCampaignRun(
  tx: TenantTransaction,
  recipientId: bigint,
  runId: string,
): Promise<void> {
  await tx.$executeRaw`UPDATE campaign_recipients SET run_id = ${runId}::uuid WHERE id = ${recipientId}`;
}
