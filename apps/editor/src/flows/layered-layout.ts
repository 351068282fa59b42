import type { FlowEdge, FlowNode } from '@leadline/flow-core';

/** Space between two nodes side by side, and between two layers. */
export const COLUMN_GAP = 48;
export const LAYER_GAP = 64;
export const DEFAULT_NODE_SIZE = { width: 240, height: 110 };

type Position = { x: number; y: number };
type Size = { width: number; height: number };

/**
 * Places the nodes that have no position, top to bottom: a node's layer is its distance from the
 * trigger(s) (breadth first), its column the order it was reached in; each layer is centred under
 * the first. Nodes nothing leads to start their own walk below the reachable ones, so every node
 * lands somewhere visible. Positions the author set are kept as they are.
 */
export function layoutFlow(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  sizeOf: (node: FlowNode) => Size = () => DEFAULT_NODE_SIZE,
): Map<string, Position> {
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
    const queue: string[] = [root.id];
    depth.set(root.id, depth.size === 0 ? 0 : deepest + 1);
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

  const layers = new Map<number, FlowNode[]>();
  for (const node of nodes) {
    if (positions.has(node.id)) continue;
    const level = depth.get(node.id) as number;
    layers.set(level, [...(layers.get(level) ?? []), node]);
  }

  // Nodes placed by the author stay put; the others go below them rather than on top of them.
  const placed = nodes.filter((node) => positions.has(node.id));
  let y = placed.length
    ? Math.max(...placed.map((node) => node.position!.y + sizeOf(node).height)) + LAYER_GAP
    : 0;
  for (const level of [...layers.keys()].sort((a, b) => a - b)) {
    const members = layers.get(level) as FlowNode[];
    const sizes = members.map(sizeOf);
    const width = sizes.reduce((sum, size) => sum + size.width, 0) + COLUMN_GAP * (members.length - 1);
    let x = -width / 2;
    members.forEach((node, index) => {
      positions.set(node.id, { x: Math.round(x), y });
      x += sizes[index].width + COLUMN_GAP;
    });
    y += Math.max(...sizes.map((size) => size.height)) + LAYER_GAP;
  }
  return positions;
}
