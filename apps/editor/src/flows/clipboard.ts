import { freshEdgeId, freshNodeId, type CanvasEdge, type CanvasNode } from './canvas-model';

/** What Ctrl+C keeps: the selected nodes and the edges between them (an edge to outside has no end). */
export interface Clipboard {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export function copySelection(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): Clipboard | null {
  const picked = nodes.filter((node) => node.selected);
  if (!picked.length) return null;
  const ids = new Set(picked.map((node) => node.id));
  return {
    nodes: structuredClone(picked),
    edges: structuredClone(edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target))),
  };
}

/**
 * The clipboard's nodes and edges with ids the flow does not use yet, moved by `offset`, selected (so
 * the author can drag the pasted group away at once). A second trigger is not pasted: a flow has one.
 */
export function pasteClipboard(
  clipboard: Clipboard,
  existing: { nodes: readonly CanvasNode[]; edges: readonly CanvasEdge[] },
  offset: { x: number; y: number },
): Clipboard {
  const takenNodes = new Set(existing.nodes.map((node) => node.id));
  const takenEdges = new Set(existing.edges.map((edge) => edge.id));
  const hasTrigger = existing.nodes.some((node) => node.data.nodeType === 'trigger');
  const renamed = new Map<string, string>();
  const nodes: CanvasNode[] = [];
  for (const node of clipboard.nodes) {
    if (hasTrigger && node.data.nodeType === 'trigger') continue;
    const id = freshNodeId(node.data.nodeType, takenNodes);
    takenNodes.add(id);
    renamed.set(node.id, id);
    nodes.push({
      ...structuredClone(node),
      id,
      selected: true,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    });
  }
  const edges: CanvasEdge[] = [];
  for (const edge of clipboard.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (!source || !target) continue;
    const id = freshEdgeId(source, edge.sourceHandle, takenEdges);
    takenEdges.add(id);
    edges.push({ ...structuredClone(edge), id, source, target, selected: false });
  }
  return { nodes, edges };
}
