// `sandbox send` and steps that call out (custom activities, HTTP, AI, documents): while the
// contact's run waits for one, replies come only after it finished, retries included. The command
// waits as long as that step may take and says what it waits for.
import type { ActivityRegistry } from '@leadline/activity-sdk';
import type { PrismaClient, TenantTransaction } from '@leadline/database';

/** Steps other than custom activities: their own timeouts are at most a minute (HTTP 60 s). */
const OTHER_STEP_BUDGET_MS = 60_000;
/** However long a step may retry, the terminal is not held longer than this. */
export const MAX_ACTIVITY_WAIT_MS = 10 * 60_000;

export interface ActivityWait {
  runId: string;
  step: string;
  /** `activity "lookup-order"`, `HTTP step`, ... */
  what: string;
  /** How long the step may take in all: attempts × timeout + pauses between them. */
  budgetMs: number;
}

/** The longest a custom activity's step may take: every attempt to its timeout, and the pauses. */
export function retryBudgetMs(definition: {
  timeoutMs: number;
  retry: { attempts: number; backoffMs: number };
}) {
  const { attempts, backoffMs } = definition.retry;
  return Math.min(attempts * definition.timeoutMs + (attempts - 1) * backoffMs, MAX_ACTIVITY_WAIT_MS);
}

/** The contact's run that waits for a step's activity, if any. */
export async function activityWaitOf(
  prisma: PrismaClient,
  tenantId: string,
  phone: string,
  registry: ActivityRegistry,
  withTenant: <T>(
    prisma: PrismaClient,
    tenantId: string,
    work: (tx: TenantTransaction) => Promise<T>,
  ) => Promise<T>,
): Promise<ActivityWait | undefined> {
  const runs = await withTenant(prisma, tenantId, (tx) =>
    tx.flowRun.findMany({
      where: { status: 'waiting', contact: { phone } },
      select: { id: true, state: true, flowVersion: { select: { definition: true } } },
    }),
  );
  for (const run of runs) {
    const wait = (run.state as { wait?: { kind?: string; nodeId?: string } } | null)?.wait;
    if (wait?.kind !== 'activity' || !wait.nodeId) continue;
    const nodes = (
      run.flowVersion.definition as { nodes?: Array<{ id: string; type: string; data?: { name?: string } }> }
    ).nodes;
    const node = nodes?.find((candidate) => candidate.id === wait.nodeId);
    if (node?.type === 'activity' && node.data?.name) {
      const definition = registry.get(node.data.name);
      return {
        runId: run.id,
        step: wait.nodeId,
        what: `activity "${node.data.name}"`,
        budgetMs: definition ? retryBudgetMs(definition) : OTHER_STEP_BUDGET_MS,
      };
    }
    return {
      runId: run.id,
      step: wait.nodeId,
      what: node?.type === 'http' ? 'HTTP step' : `${node?.type ?? 'activity'} step`,
      budgetMs: OTHER_STEP_BUDGET_MS,
    };
  }
  return undefined;
}
