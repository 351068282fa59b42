import type { Edge, Node } from '@xyflow/react';
import type { FlowEdge, FlowNode } from '@leadline/flow-core';
import type { FlowParts } from './flow-document';
import { layoutFlow } from './layered-layout';
import { estimateNodeSize, viewNode } from './node-view';

/** Every flow node is drawn by one generic component; its flow type travels in the data. */
export const CANVAS_NODE_TYPE = 'flow';

export type CanvasNodeData = { nodeType: string; config: Record<string, unknown> };
export type CanvasNode = Node<CanvasNodeData, typeof CANVAS_NODE_TYPE>;
export type CanvasEdge = Edge;

export function toCanvas(parts: FlowParts): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const positions = layoutFlow(parts.nodes, parts.edges, (node) =>
    estimateNodeSize(viewNode(node.type, node.data)),
  );
  const nodes = parts.nodes.map((node): CanvasNode => ({
    id: node.id,
    type: CANVAS_NODE_TYPE,
    position: positions.get(node.id) ?? { x: 0, y: 0 },
    data: { nodeType: node.type, config: node.data },
  }));
  const edges = parts.edges.map((edge): CanvasEdge => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourceHandle ?? null,
    targetHandle: edge.targetHandle ?? null,
  }));
  return { nodes, edges };
}

export function fromCanvas(
  envelope: Record<string, unknown>,
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
): Omit<FlowParts, 'skipped'> {
  return {
    envelope,
    nodes: nodes.map((node): FlowNode => ({
      id: node.id,
      type: node.data.nodeType,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
      data: node.data.config,
    })),
    edges: edges.map((edge): FlowEdge => ({
      id: edge.id,
      source: edge.source,
      ...(edge.sourceHandle ? { sourceHandle: edge.sourceHandle } : {}),
      target: edge.target,
      ...(edge.targetHandle ? { targetHandle: edge.targetHandle } : {}),
    })),
  };
}

/** A node id the format accepts (`[A-Za-z0-9_-]{1,64}`) and that the flow does not use yet. */
export function freshNodeId(type: string, taken: ReadonlySet<string>): string {
  const stem = (type.replace(/[^A-Za-z0-9_-]/g, '') || 'node').slice(0, 50);
  for (let n = 1; ; n += 1) {
    const id = `${stem}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A fresh edge id: the author may connect the same two nodes more than once through other ports. */
export function freshEdgeId(
  source: string,
  handle: string | null | undefined,
  taken: ReadonlySet<string>,
): string {
  const stem = `e_${source}_${handle ?? 'out'}`.replace(/[^A-Za-z0-9_:.-]/g, '_');
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n += 1) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
}
