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
}

export interface FlowAnalytics {
  flowId: string;
  version: number;
  /** Runs started on this version. */
  runs: number;
  nodes: NodeAnalytics[];
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
      found = { nodeId, reached: 0, ports: {}, dropOff: 0, dropOffRate: 0, errors: [] };
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
