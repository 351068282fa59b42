import type { PrismaClient } from '@leadline/database';
import { applyRetention, RETENTION_BATCH } from './apply-retention';
import { retentionPolicy, type RetentionPolicy } from './retention-policy';

export type TenantRetentionOutcome =
  | { tenantId: string; ok: true; deleted: Record<string, number> }
  | { tenantId: string; ok: false; error: Error };

export interface RetentionSweepOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onTenant?: (outcome: TenantRetentionOutcome) => void;
}

/**
 * Applies every tenant's retention policy (its settings.retention over `defaults`). Tenants are
 * listed with the system client; each tenant's deletions run under its own row-level security. A
 * tenant whose settings are invalid is skipped (and reported), never cleaned with guessed values.
 */
export async function applyRetentionToAllTenants(
  prisma: PrismaClient,
  defaults: RetentionPolicy,
  now: Date,
  options: RetentionSweepOptions = {},
): Promise<TenantRetentionOutcome[]> {
  const tenants = await prisma.tenant.findMany({
    select: { id: true, settings: true },
    orderBy: { id: 'asc' },
  });
  const outcomes: TenantRetentionOutcome[] = [];
  for (const tenant of tenants) {
    if (options.signal?.aborted) break;
    let outcome: TenantRetentionOutcome;
    try {
      const policy = retentionPolicy(tenant.settings, defaults);
      const deleted = await applyRetention(
        prisma,
        tenant.id,
        policy,
        now,
        options.batchSize ?? RETENTION_BATCH,
        options.signal,
      );
      outcome = { tenantId: tenant.id, ok: true, deleted };
    } catch (error) {
      outcome = { tenantId: tenant.id, ok: false, error: error as Error };
    }
    outcomes.push(outcome);
    options.onTenant?.(outcome);
  }
  return outcomes;
}
