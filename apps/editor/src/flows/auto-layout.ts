import dagre from '@dagrejs/dagre';
import type { CanvasEdge, CanvasNode } from './canvas-model';
import { estimateNodeSize, viewNode } from './node-view';

/**
 * Top-to-bottom layered layout of the whole flow with dagre (fewer crossings than the breadth-first
 * placement used for documents without positions). Sizes are the measured ones when React Flow has
 * drawn the node, estimates otherwise.
 */
export function autoLayout(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): CanvasNode[] {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 72, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map(
    nodes.map((node) => {
      const size =
        node.measured?.width && node.measured.height
          ? { width: node.measured.width, height: node.measured.height }
          : estimateNodeSize(viewNode(node.data.nodeType, node.data.config));
      return [node.id, size] as const;
    }),
  );
  for (const node of nodes) graph.setNode(node.id, { ...sizes.get(node.id) });
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target))
      graph.setEdge(edge.source, edge.target, {}, edge.id);
  }
  dagre.layout(graph);
  return nodes.map((node) => {
    const placed = graph.node(node.id) as { x: number; y: number } | undefined;
    const size = sizes.get(node.id)!;
    if (!placed) return node;
    // dagre gives centres; React Flow wants top-left corners.
    return {
      ...node,
      position: { x: Math.round(placed.x - size.width / 2), y: Math.round(placed.y - size.height / 2) },
    };
  });
}
