import type { TenantTransaction } from '../tenant-scope';

/** Where a stage change came from: a person (board, contact page), an API key, or a flow's crm step. */
export type StageChangeSource = 'person' | 'api' | 'flow';

export interface StageChangeActor {
  source: StageChangeSource;
  userId?: string | null;
  apiKeyId?: string | null;
  runId?: string | null;
}

export interface StageRef {
  id: string;
  name: string;
  startFlowKey: string | null;
}

export interface StageMove {
  changeId: string;
  from: { id: string; name: string } | null;
  to: StageRef | null;
}

/** The colours new stages take in turn (readable as a column header and behind white text). */
export const STAGE_COLOURS = ['#2563eb', '#7c3aed', '#db2777', '#ea580c', '#16a34a', '#0891b2', '#64748b'];

/** A stage of the workspace by name, ignoring case and surrounding spaces. */
export async function findStageByName(
  tx: TenantTransaction,
  tenantId: string,
  name: string,
): Promise<StageRef | null> {
  const [row] = await tx.$queryRaw<StageRef[]>`
    SELECT id, name, start_flow_key AS "startFlowKey" FROM pipeline_stages
     WHERE tenant_id = ${tenantId}::uuid AND lower(name) = lower(${name.trim()})
     ORDER BY position LIMIT 1`;
  return row ?? null;
}

/**
 * The stage a flow's crm step names: the workspace's stage of that name, or a new one at the end of
 * the board, so that a flow written before the board existed still files its leads somewhere visible.
 * Two runs creating the same new stage at once: the unique (tenant, name) index lets one win; the
 * other reads it.
 */
export async function stageForName(tx: TenantTransaction, tenantId: string, name: string): Promise<StageRef> {
  const found = await findStageByName(tx, tenantId, name);
  if (found) return found;
  const [{ next }] = await tx.$queryRaw<Array<{ next: number }>>`
    SELECT COALESCE(max(position) + 1, 0)::int AS next FROM pipeline_stages WHERE tenant_id = ${tenantId}::uuid`;
  await tx.$executeRaw`
    INSERT INTO pipeline_stages (tenant_id, name, position, color)
    VALUES (${tenantId}::uuid, ${name.trim()}, ${next}, ${STAGE_COLOURS[next % STAGE_COLOURS.length]})
    ON CONFLICT (tenant_id, name) DO NOTHING`;
  return (await findStageByName(tx, tenantId, name))!;
}

/**
 * Puts a contact in a stage (null: out of the pipeline) and records who did it and when. Nothing is
 * recorded when the contact is already there. The contact row is locked, so two moves of the same
 * contact are recorded in the order they happened, each with the stage it really left.
 */
export async function moveContactToStage(
  tx: TenantTransaction,
  input: { tenantId: string; contactId: string; stage: StageRef | null; actor: StageChangeActor },
): Promise<StageMove | null> {
  const [current] = await tx.$queryRaw<Array<{ stageId: string | null; stageName: string | null }>>`
    SELECT c.stage_id AS "stageId", s.name AS "stageName"
      FROM contacts c LEFT JOIN pipeline_stages s ON s.id = c.stage_id
     WHERE c.id = ${input.contactId}::uuid FOR UPDATE OF c`;
  if (!current) return null;
  const toId = input.stage?.id ?? null;
  if (current.stageId === toId) return null;
  await tx.contact.update({ where: { id: input.contactId }, data: { stageId: toId } });
  const change = await tx.contactStageChange.create({
    data: {
      tenantId: input.tenantId,
      contactId: input.contactId,
      fromStageId: current.stageId,
      toStageId: toId,
      fromName: current.stageName,
      toName: input.stage?.name ?? null,
      source: input.actor.source,
      actorUserId: input.actor.userId ?? null,
      actorApiKeyId: input.actor.apiKeyId ?? null,
      runId: input.actor.runId ?? null,
    },
    select: { id: true },
  });
  return {
    changeId: change.id,
    from: current.stageId ? { id: current.stageId, name: current.stageName ?? '' } : null,
    to: input.stage,
  };
}
