import type { TenantTransaction } from '@leadline/database';
import { segmentFilterSchema } from '../segments/segment-filter';
import { audienceWhere, type Audience } from '../segments/segments';
import { CampaignError } from './campaign-errors';
import { audienceSpecSchema } from './campaign-spec';

type Status = 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';

/** The campaign row, locked: a dispatcher batch in flight finishes first, the next one sees the change. */
async function lockCampaign(tx: TenantTransaction, id: string) {
  const [row] = await tx.$queryRaw<Array<{ id: string; status: Status; scheduled_at: Date | null }>>`
    SELECT id, status, scheduled_at FROM campaigns WHERE id = ${id}::uuid FOR UPDATE`;
  if (!row) throw new CampaignError('CAMPAIGN_NOT_FOUND', `No campaign ${id}.`);
  return row;
}

function refuse(action: string, status: Status): never {
  throw new CampaignError('CAMPAIGN_STATE', `A ${status} campaign cannot be ${action}.`);
}

/** The audience as stored; a segment's filter is read now (recipients are fixed when sending starts). */
export async function campaignAudience(tx: TenantTransaction, stored: unknown): Promise<Audience> {
  const spec = audienceSpecSchema.parse(stored);
  if ('tags' in spec) return spec;
  const segment = await tx.segment.findUnique({ where: { id: spec.segmentId }, select: { filter: true } });
  if (!segment) throw new CampaignError('SEGMENT_NOT_FOUND', "The campaign's segment was deleted.");
  return { filter: segmentFilterSchema.parse(segment.filter) };
}

/**
 * Fixes the recipients: one row per matching contact, in one statement, in the transaction that
 * makes the campaign "running". Contacts who join the audience later are not added; opted-out ones are
 * added and then skipped by the dispatcher, so the campaign's numbers show them.
 */
export async function materialiseRecipients(
  tx: TenantTransaction,
  tenantId: string,
  campaignId: string,
  now: Date,
): Promise<number> {
  const campaign = await tx.campaign.findUniqueOrThrow({
    where: { id: campaignId },
    select: { audience: true },
  });
  const audience = await campaignAudience(tx, campaign.audience);
  return tx.$executeRaw`
    INSERT INTO campaign_recipients (tenant_id, campaign_id, contact_id)
    SELECT ${tenantId}::uuid, ${campaignId}::uuid, c.id FROM contacts c
    WHERE ${audienceWhere(audience, now)}
    ORDER BY c.id
    ON CONFLICT (campaign_id, contact_id) DO NOTHING`;
}

/** Start: now (recipients fixed, sending begins) or, with a send time ahead, scheduled. */
export async function startCampaign(tx: TenantTransaction, tenantId: string, id: string, now: Date) {
  const row = await lockCampaign(tx, id);
  if (row.status !== 'draft') refuse('started', row.status);
  if (row.scheduled_at && row.scheduled_at > now) {
    await tx.campaign.update({ where: { id }, data: { status: 'scheduled' } });
    return { status: 'scheduled' as const };
  }
  await materialiseRecipients(tx, tenantId, id, now);
  await tx.campaign.update({ where: { id }, data: { status: 'running', startedAt: now } });
  return { status: 'running' as const };
}

/** A scheduled campaign whose time came (the dispatcher calls it). */
export async function startDueCampaign(tx: TenantTransaction, tenantId: string, id: string, now: Date) {
  const row = await lockCampaign(tx, id);
  if (row.status !== 'scheduled' || (row.scheduled_at && row.scheduled_at > now)) return false;
  await materialiseRecipients(tx, tenantId, id, now);
  await tx.campaign.update({ where: { id }, data: { status: 'running', startedAt: now } });
  return true;
}

/** Pause: no recipient is handed to the send path after this commits; messages already queued still go. */
export async function pauseCampaign(tx: TenantTransaction, id: string) {
  const row = await lockCampaign(tx, id);
  if (row.status !== 'running' && row.status !== 'scheduled') refuse('paused', row.status);
  await tx.campaign.update({ where: { id }, data: { status: 'paused' } });
  return { status: 'paused' as const };
}

export async function resumeCampaign(tx: TenantTransaction, tenantId: string, id: string, now: Date) {
  const row = await lockCampaign(tx, id);
  if (row.status !== 'paused') refuse('resumed', row.status);
  const started = await tx.campaign.findUniqueOrThrow({ where: { id }, select: { startedAt: true } });
  if (!started.startedAt) {
    // Paused while still scheduled: back to waiting for its time (or running if it passed).
    await tx.campaign.update({ where: { id }, data: { status: 'scheduled' } });
    await startDueCampaign(tx, tenantId, id, now);
    const after = await tx.campaign.findUniqueOrThrow({ where: { id }, select: { status: true } });
    return { status: after.status };
  }
  await tx.campaign.update({ where: { id }, data: { status: 'running' } });
  return { status: 'running' as const };
}

/** Cancel: every recipient not yet handed to the send path is marked cancelled; none of them is messaged. */
export async function cancelCampaign(tx: TenantTransaction, id: string, now: Date) {
  const row = await lockCampaign(tx, id);
  if (row.status === 'completed' || row.status === 'cancelled') refuse('cancelled', row.status);
  await tx.$executeRaw`
    UPDATE campaign_recipients SET state = 'cancelled' WHERE campaign_id = ${id}::uuid AND state = 'pending'`;
  await tx.campaign.update({ where: { id }, data: { status: 'cancelled', finishedAt: now } });
  return { status: 'cancelled' as const };
}
