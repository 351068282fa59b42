import type { TenantTransaction } from '@leadline/database';
import { RUN_LIMIT_CODES, type Effect } from '@leadline/flow-core';
import type { RunContext } from './persist-transition';

/**
 * The audit row of a run the core stopped as a runaway (a loop through 500 nodes in one step, or
 * 1,000 steps without a message from the contact): someone should look at that flow. Written from
 * persistTransition, which both engines use, in the transaction that records the failure, so the
 * row exists exactly when the failed run does. The system itself is the actor.
 */
export async function recordRunLimitAudit(
  tx: TenantTransaction,
  run: RunContext,
  effect: Effect,
  now: Date,
): Promise<void> {
  if (effect.type !== 'run.end' || effect.status !== 'failed' || !effect.error) return;
  if (!RUN_LIMIT_CODES.includes(effect.error.code)) return;
  await tx.auditLog.create({
    data: {
      tenantId: run.tenantId,
      actorUserId: null,
      actorApiKeyId: null,
      action: 'run.stopped_by_limit',
      targetType: 'run',
      targetId: run.runId,
      data: {
        code: effect.error.code,
        nodeId: effect.error.nodeId ?? null,
        flowId: run.flowId,
        flowVersionId: run.flowVersionId,
        contactId: run.contactId,
      },
      at: now,
    },
  });
}
