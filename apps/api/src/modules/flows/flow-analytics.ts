import { optionsOf, parseDuration } from '@leadline/flow-core';
import type { ResolvedPeriod } from './analytics-period';

/** Distinct runs per node that entered it, and per (node, port) that left it, as counted from run_events. */
export interface NodeCountRow {
  nodeId: string;
  runs: number;
}
export interface PortCountRow {
  nodeId: string;
  port: string;
  runs: number;
}

/** Exits by a node's error port with one code, from the `data.error` the engine records on them. */
export interface ErrorCountRow {
  nodeId: string;
  code: string;
  runs: number;
  /** The latest message with that code (no secrets: the worker masks them). */
  lastMessage: string | null;
}

export interface NodeAnalytics {
  nodeId: string;
  /** Runs that reached the node. */
  reached: number;
  /** Runs that left it, by port. */
  ports: Record<string, number>;
  /** Runs that reached it and never left (still waiting there, ended, or failed there). */
  dropOff: number;
  /** dropOff / reached, 0..1 (0 when nothing reached the node). */
  dropOffRate: number;
  /** Why runs left by `error`, most frequent first: what to fix first. */
  errors: Array<{ code: string; runs: number; lastMessage: string | null }>;
  /** Runs of the period still at this step, waiting for a reply or a timer that has not run out. */
  inProgress: number;
  /** Runs of the period whose contact stopped answering at this step (see `classifyRuns`). */
  dropped: number;
  /** A question's buttons or list rows, with how many runs chose each (titles as the contact saw them). */
  options: Array<{ id: string; title: string; taps: number }>;
}

/** How the runs of the period ended, or where they stand. */
export interface RunTotals {
  started: number;
  completed: number;
  inProgress: number;
  dropped: number;
  handedOff: number;
  failed: number;
  cancelled: number;
  /** completed / started, 0..1 (0 when nothing started). */
  completionRate: number;
}

export interface FlowAnalytics {
  flowId: string;
  version: number;
  /** Runs started on this version in the period. */
  runs: number;
  period: { preset: ResolvedPeriod['preset']; from: string; to: string; timeZone: string };
  /** A run waiting this long for a reply (where its step sets no time of its own) counts as dropped. */
  idleHours: number;
  totals: RunTotals;
  nodes: NodeAnalytics[];
}

/**
 * What the definition says about the steps that wait, for telling "in progress" from "dropped":
 * - `silence`: the exit a step takes when the contact did not answer (a question's "If they don't
 *   answer", a wait's "When the wait is over" when it stops on a reply). A finished run whose last
 *   such step was left that way ended without the contact's answer: dropped.
 * - `limits`: how long a run may wait at a step before it is overdue (a question's timeout, a wait's
 *   length); a waiting step without one is overdue after the idle period.
 * - `options`: a question's buttons or list rows, for per-button counts.
 */
export interface WaitingSteps {
  silence: Array<{ nodeId: string; port: string }>;
  limits: Array<{ nodeId: string; seconds: number }>;
  options: Map<string, Array<{ id: string; title: string }>>;
}

interface LooseNode {
  id?: unknown;
  type?: unknown;
  data?: Record<string, unknown>;
}

/** Reads the waiting steps from a published definition (validated at publish; read defensively). */
export function waitingSteps(definition: unknown): WaitingSteps {
  const steps: WaitingSteps = { silence: [], limits: [], options: new Map() };
  const nodes = (definition as { nodes?: LooseNode[] } | null)?.nodes ?? [];
  for (const node of Array.isArray(nodes) ? nodes : []) {
    if (typeof node?.id !== 'string') continue;
    const data = node.data ?? {};
    const duration = (value: unknown) => (typeof value === 'string' ? parseDuration(value) : undefined);
    if (node.type === 'question') {
      steps.silence.push({ nodeId: node.id, port: 'timeout' });
      const ms = duration(data.timeout);
      if (ms !== undefined) steps.limits.push({ nodeId: node.id, seconds: ms / 1000 });
      const options = optionsOf(data as Parameters<typeof optionsOf>[0]);
      if (options.length) steps.options.set(node.id, options);
    } else if (node.type === 'wait') {
      if (data.interruptOnReply === true) steps.silence.push({ nodeId: node.id, port: 'elapsed' });
      const ms = duration(data.duration);
      if (ms !== undefined) steps.limits.push({ nodeId: node.id, seconds: ms / 1000 });
    }
  }
  return steps;
}

/** Runs per outcome and, for in-progress and dropped runs, the step where they are or stopped. */
export interface OutcomeRow {
  outcome: string;
  nodeId: string | null;
  runs: number;
}

export interface OptionTapRow {
  nodeId: string;
  option: string;
  runs: number;
}

/** Totals over the period from the per-outcome rows. */
export function totalsOf(rows: readonly OutcomeRow[]): RunTotals {
  const totals: RunTotals = {
    started: 0,
    completed: 0,
    inProgress: 0,
    dropped: 0,
    handedOff: 0,
    failed: 0,
    cancelled: 0,
    completionRate: 0,
  };
  for (const row of rows) {
    totals.started += row.runs;
    if (row.outcome in totals && row.outcome !== 'started' && row.outcome !== 'completionRate')
      totals[row.outcome as keyof Omit<RunTotals, 'started' | 'completionRate'>] += row.runs;
  }
  totals.completionRate = totals.started ? totals.completed / totals.started : 0;
  return totals;
}

/** Adds where runs wait or dropped, and the taps per button, to the per-step counts. */
export function addStepOutcomes(
  nodes: NodeAnalytics[],
  outcomes: readonly OutcomeRow[],
  taps: readonly OptionTapRow[],
  steps: WaitingSteps,
): NodeAnalytics[] {
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const entry = (nodeId: string) => {
    let found = byId.get(nodeId);
    if (!found) {
      found = emptyNode(nodeId);
      byId.set(nodeId, found);
      nodes.push(found);
    }
    return found;
  };
  for (const row of outcomes) {
    if (!row.nodeId) continue;
    if (row.outcome === 'inProgress') entry(row.nodeId).inProgress += row.runs;
    if (row.outcome === 'dropped') entry(row.nodeId).dropped += row.runs;
  }
  const tapped = new Map(taps.map((row) => [`${row.nodeId}\u0000${row.option}`, row.runs]));
  for (const [nodeId, options] of steps.options) {
    entry(nodeId).options = options.map((option) => ({
      id: option.id,
      title: option.title,
      taps: tapped.get(`${nodeId}\u0000${option.id}`) ?? 0,
    }));
  }
  return nodes;
}

function emptyNode(nodeId: string): NodeAnalytics {
  return {
    nodeId,
    reached: 0,
    ports: {},
    dropOff: 0,
    dropOffRate: 0,
    errors: [],
    inProgress: 0,
    dropped: 0,
    options: [],
  };
}

/** Folds the counts into one entry per node, with the drop-off (reached but never left). */
export function summariseNodeCounts(
  entered: readonly NodeCountRow[],
  exited: readonly PortCountRow[],
  leftByNode: readonly NodeCountRow[],
  errors: readonly ErrorCountRow[] = [],
): NodeAnalytics[] {
  const nodes = new Map<string, NodeAnalytics>();
  const entry = (nodeId: string) => {
    let found = nodes.get(nodeId);
    if (!found) {
      found = emptyNode(nodeId);
      nodes.set(nodeId, found);
    }
    return found;
  };
  for (const row of entered) entry(row.nodeId).reached = row.runs;
  for (const row of exited) entry(row.nodeId).ports[row.port] = row.runs;
  for (const row of errors)
    entry(row.nodeId).errors.push({ code: row.code, runs: row.runs, lastMessage: row.lastMessage });
  for (const node of nodes.values())
    node.errors.sort((a, b) => b.runs - a.runs || a.code.localeCompare(b.code));
  const left = new Map(leftByNode.map((row) => [row.nodeId, row.runs]));
  for (const node of nodes.values()) {
    node.dropOff = Math.max(0, node.reached - (left.get(node.nodeId) ?? 0));
    node.dropOffRate = node.reached ? node.dropOff / node.reached : 0;
  }
  return [...nodes.values()].sort((a, b) => b.reached - a.reached || a.nodeId.localeCompare(b.nodeId));
}
