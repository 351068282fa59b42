import type { FlowEdge, FlowNode } from '@leadline/flow-core';

export const LAYER_GAP = 170;
export const COLUMN_GAP = 290;

type Position = { x: number; y: number };

/**
 * Places the nodes that have no position, top to bottom: a node's layer is its distance from the
 * trigger(s) (breadth first), its column the order it was reached in. Nodes nothing leads to start
 * their own walk after the reachable ones, so every node lands somewhere visible. Positions the
 * author set are kept as they are.
 */
export function layoutFlow(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Map<string, Position> {
  const positions = new Map<string, Position>();
  for (const node of nodes) if (node.position) positions.set(node.id, node.position);
  if (positions.size === nodes.length) return positions;

  const ids = new Set(nodes.map((node) => node.id));
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target)) continue;
    next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  }
  const hasIncoming = new Set(edges.filter((edge) => ids.has(edge.source)).map((edge) => edge.target));
  const roots = [
    ...nodes.filter((node) => node.type === 'trigger'),
    ...nodes.filter((node) => node.type !== 'trigger' && !hasIncoming.has(node.id)),
    ...nodes,
  ];

  const depth = new Map<string, number>();
  let deepest = -1;
  for (const root of roots) {
    if (depth.has(root.id)) continue;
    const base = depth.size === 0 ? 0 : deepest + 1;
    const queue: string[] = [root.id];
    depth.set(root.id, base);
    while (queue.length) {
      const id = queue.shift() as string;
      const level = depth.get(id) as number;
      deepest = Math.max(deepest, level);
      for (const target of next.get(id) ?? []) {
        if (depth.has(target)) continue;
        depth.set(target, level + 1);
        queue.push(target);
      }
    }
  }

  // Nodes placed by the author stay put; the others go below them rather than on top of them.
  const placed = [...positions.values()];
  const top = placed.length ? Math.max(...placed.map((position) => position.y)) + LAYER_GAP : 0;
  const layers = new Map<number, string[]>();
  for (const node of nodes) {
    if (positions.has(node.id)) continue;
    const level = depth.get(node.id) as number;
    layers.set(level, [...(layers.get(level) ?? []), node.id]);
  }
  for (const [level, members] of layers) {
    const width = (members.length - 1) * COLUMN_GAP;
    members.forEach((id, index) => positions.set(id, { x: index * COLUMN_GAP - width / 2, y: top + level * LAYER_GAP }));
  }
  return positions;
}
