import type { Prisma } from '@leadline/database';
import { auditActor, type Principal } from '../auth/api-key-principal';

/** One thing someone did, as recorded in audit_logs. Actions are `<resource>.<verb>`, e.g. `flow.published`. */
export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  /** Context worth keeping (names, old and new role, counts); never secrets or message bodies. */
  data?: Prisma.InputJsonObject;
}

/** The audit_logs row for `entry` done by `principal` (null principal: the system itself). */
export function auditRow(
  principal: Principal | null,
  tenantId: string,
  entry: AuditEntry,
): Prisma.AuditLogUncheckedCreateInput {
  return {
    tenantId,
    ...(principal ? auditActor(principal) : { actorUserId: null, actorApiKeyId: null }),
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
  };
}
