import type { TenantTransaction } from '@leadline/database';

export interface AiUsageRecord {
  tenantId: string;
  runId?: string | null;
  contactId?: string | null;
  nodeId?: string | null;
  provider: string;
  model: string;
  task: string;
  inputTokens: number;
  outputTokens: number;
  /** `ok`, or the error code of a failed call. */
  outcome: string;
  at: Date;
}

export async function recordAiUsage(tx: TenantTransaction, record: AiUsageRecord): Promise<void> {
  await tx.aiUsage.create({
    data: {
      tenantId: record.tenantId,
      runId: record.runId ?? null,
      contactId: record.contactId ?? null,
      nodeId: record.nodeId ?? null,
      provider: record.provider,
      model: record.model,
      task: record.task,
      inputTokens: Math.max(0, Math.round(record.inputTokens)),
      outputTokens: Math.max(0, Math.round(record.outputTokens)),
      outcome: record.outcome,
      at: record.at,
    },
  });
}

export interface AiUsageLine {
  provider: string;
  model: string;
  task: string;
  calls: number;
  /** Calls whose outcome was an error code. */
  failed: number;
  inputTokens: number;
  outputTokens: number;
}

export interface AiUsageSummary {
  from: Date;
  to: Date;
  runId?: string;
  lines: AiUsageLine[];
  totals: Omit<AiUsageLine, 'provider' | 'model' | 'task'>;
}

/**
 * AI calls and tokens of the transaction's tenant in [from, to), per provider, model and task, ordered
 * by provider, model and task. Run it inside `withTenant`: row-level security scopes it to one tenant.
 */
export async function aiUsageSummary(
  tx: TenantTransaction,
  query: { from: Date; to: Date; runId?: string },
): Promise<AiUsageSummary> {
  const groups = await tx.aiUsage.groupBy({
    by: ['provider', 'model', 'task', 'outcome'],
    where: { at: { gte: query.from, lt: query.to }, ...(query.runId ? { runId: query.runId } : {}) },
    _count: { _all: true },
    _sum: { inputTokens: true, outputTokens: true },
  });
  const lines = new Map<string, AiUsageLine>();
  for (const group of groups) {
    const key = JSON.stringify([group.provider, group.model, group.task]);
    const line = lines.get(key) ?? {
      provider: group.provider,
      model: group.model,
      task: group.task,
      calls: 0,
      failed: 0,
      inputTokens: 0,
      outputTokens: 0,
    };
    line.calls += group._count._all;
    if (group.outcome !== 'ok') line.failed += group._count._all;
    line.inputTokens += group._sum.inputTokens ?? 0;
    line.outputTokens += group._sum.outputTokens ?? 0;
    lines.set(key, line);
  }
  const sorted = [...lines.values()].sort(
    (a, b) =>
      a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model) || a.task.localeCompare(b.task),
  );
  const totals = { calls: 0, failed: 0, inputTokens: 0, outputTokens: 0 };
  for (const line of sorted) {
    totals.calls += line.calls;
    totals.failed += line.failed;
    totals.inputTokens += line.inputTokens;
    totals.outputTokens += line.outputTokens;
  }
  return {
    from: query.from,
    to: query.to,
    ...(query.runId ? { runId: query.runId } : {}),
    lines: sorted,
    totals,
  };
}
