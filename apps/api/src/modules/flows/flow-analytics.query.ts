import { Prisma, type TenantTransaction } from '@leadline/database';
import {
  addStepOutcomes,
  summariseNodeCounts,
  totalsOf,
  waitingSteps,
  type FlowAnalytics,
  type OptionTapRow,
  type OutcomeRow,
} from './flow-analytics';
import type { ResolvedPeriod } from './analytics-period';

export interface AnalyticsScope {
  flowId: string;
  version: { id: string; version: number; definition: unknown };
  period: ResolvedPeriod;
  idleHours: number;
  now: Date;
}

/**
 * Every figure is an aggregate computed in PostgreSQL over the runs that started in the period
 * (`flow_runs (flow_version_id, started_at)` finds them) and their trace (`run_events`, joined by run):
 * the API never loads runs or events one by one, so 100,000 runs stay a handful of grouped scans.
 */
export async function readFlowAnalytics(
  tx: TenantTransaction,
  scope: AnalyticsScope,
): Promise<FlowAnalytics> {
  const { version, period } = scope;
  const steps = waitingSteps(version.definition);
  const runs = Prisma.sql`
    SELECT id, status, current_node, updated_at FROM flow_runs
    WHERE flow_version_id = ${version.id}::uuid
      AND started_at >= ${period.from}::timestamptz AND started_at < ${period.to}::timestamptz`;

  // Per step: runs that entered it (port NULL) and left it by each port. GROUPING tells the two apart.
  const counts = await tx.$queryRaw<
    Array<{ type: string; nodeId: string; port: string | null; whole: number; runs: number }>
  >`
    WITH runs AS (${runs})
    SELECT e.type, e.node_id AS "nodeId", e.port, GROUPING(e.port)::int AS whole,
           COUNT(DISTINCT e.run_id)::int AS runs
    FROM run_events e JOIN runs r ON r.id = e.run_id
    WHERE e.flow_version_id = ${version.id}::uuid AND e.node_id IS NOT NULL
      AND e.type IN ('node.enter', 'node.exit')
    GROUP BY GROUPING SETS ((e.type, e.node_id), (e.type, e.node_id, e.port))`;
  const entered = counts
    .filter((row) => row.type === 'node.enter' && row.whole === 1)
    .map(({ nodeId, runs: n }) => ({ nodeId, runs: n }));
  const left = counts
    .filter((row) => row.type === 'node.exit' && row.whole === 1)
    .map(({ nodeId, runs: n }) => ({ nodeId, runs: n }));
  const exited = counts
    .filter((row) => row.type === 'node.exit' && row.whole === 0 && row.port !== null)
    .map(({ nodeId, port, runs: n }) => ({ nodeId, port: port!, runs: n }));

  // Why runs left by error: the { code, message } the engine records on those exits.
  const errors = await tx.$queryRaw<
    Array<{ nodeId: string; code: string; runs: number; lastMessage: string | null }>
  >`
    WITH runs AS (${runs})
    SELECT e.node_id AS "nodeId", e.data->'error'->>'code' AS code, COUNT(DISTINCT e.run_id)::int AS runs,
           (array_agg(e.data->'error'->>'message' ORDER BY e.at DESC))[1] AS "lastMessage"
    FROM run_events e JOIN runs r ON r.id = e.run_id
    WHERE e.flow_version_id = ${version.id}::uuid AND e.type = 'node.exit' AND e.port = 'error'
      AND e.node_id IS NOT NULL AND e.data->'error'->>'code' IS NOT NULL
    GROUP BY e.node_id, e.data->'error'->>'code'`;

  // Which button or list row each run chose: the choice the engine records on a question's exit
  // (`data.option`), or the option port itself for traces written before it did.
  const taps = await tx.$queryRaw<OptionTapRow[]>`
    WITH runs AS (${runs})
    SELECT e.node_id AS "nodeId", COALESCE(e.data->>'option', substr(e.port, 8)) AS option,
           COUNT(DISTINCT e.run_id)::int AS runs
    FROM run_events e JOIN runs r ON r.id = e.run_id
    WHERE e.flow_version_id = ${version.id}::uuid AND e.type = 'node.exit' AND e.node_id IS NOT NULL
      AND (e.port LIKE 'option:%' OR e.data->>'option' IS NOT NULL)
    GROUP BY 1, 2`;

  const outcomes = await classifyRuns(tx, scope, runs, steps);
  const nodes = addStepOutcomes(summariseNodeCounts(entered, exited, left, errors), outcomes, taps, steps);
  const totals = totalsOf(outcomes);
  return {
    flowId: scope.flowId,
    version: version.version,
    runs: totals.started,
    period: {
      preset: period.preset,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      timeZone: period.timeZone,
    },
    idleHours: scope.idleHours,
    totals,
    nodes,
  };
}

/**
 * One outcome per run of the period (docs/flow-authoring.md, "Analytics", says the same in plain words):
 * - completed: the run reached an end, and the last step that waited for the contact got an answer
 *   (or no step waited for one);
 * - dropped: the run reached an end right after the contact stopped answering (the last step that
 *   waited for them was left by its "no answer" exit), or it is still waiting but overdue: longer than
 *   its step's own time (a question's timeout, a wait's length), or, where the step sets none, longer
 *   than the idle period since the run last moved;
 * - inProgress: running, or waiting and not yet overdue;
 * - handedOff, failed, cancelled: the run's status as the engine left it.
 * For dropped and in-progress runs, `nodeId` is the step where the contact went quiet or the run waits.
 */
async function classifyRuns(
  tx: TenantTransaction,
  scope: AnalyticsScope,
  runs: Prisma.Sql,
  steps: ReturnType<typeof waitingSteps>,
): Promise<OutcomeRow[]> {
  const silentNodes = steps.silence.map((step) => step.nodeId);
  const silentPorts = steps.silence.map((step) => step.port);
  const limitNodes = steps.limits.map((step) => step.nodeId);
  const limitSeconds = steps.limits.map((step) => step.seconds);
  const idleSeconds = scope.idleHours * 3600;
  return tx.$queryRaw<OutcomeRow[]>`
    WITH runs AS (${runs}),
    silence AS (SELECT * FROM unnest(${silentNodes}::text[], ${silentPorts}::text[]) AS s(node_id, port)),
    limits AS (SELECT * FROM unnest(${limitNodes}::text[], ${limitSeconds}::float8[]) AS l(node_id, seconds)),
    last_wait AS (
      SELECT DISTINCT ON (e.run_id) e.run_id, e.node_id, e.port
      FROM run_events e JOIN runs r ON r.id = e.run_id AND r.status = 'completed'
      WHERE e.flow_version_id = ${scope.version.id}::uuid AND e.type = 'node.exit'
        AND e.node_id IN (SELECT node_id FROM silence)
        AND e.port NOT IN ('window_closed', 'error')
      ORDER BY e.run_id, e.seq DESC
    ),
    classified AS (
      SELECT
        CASE
          WHEN r.status = 'completed' AND s.node_id IS NOT NULL THEN 'dropped'
          WHEN r.status = 'completed' THEN 'completed'
          WHEN r.status = 'waiting'
               AND r.updated_at < ${scope.now}::timestamptz - make_interval(secs => COALESCE(l.seconds, ${idleSeconds}::float8))
            THEN 'dropped'
          WHEN r.status IN ('running', 'waiting') THEN 'inProgress'
          WHEN r.status = 'handoff' THEN 'handedOff'
          ELSE r.status::text
        END AS outcome,
        CASE WHEN r.status = 'completed' THEN s.node_id ELSE r.current_node END AS node_id
      FROM runs r
      LEFT JOIN last_wait lw ON lw.run_id = r.id
      LEFT JOIN silence s ON s.node_id = lw.node_id AND s.port = lw.port
      LEFT JOIN limits l ON l.node_id = r.current_node
    )
    SELECT outcome, node_id AS "nodeId", COUNT(*)::int AS runs FROM classified GROUP BY outcome, node_id`;
}
