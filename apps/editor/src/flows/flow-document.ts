import type { FlowEdge, FlowNode } from '@leadline/flow-core';

/**
 * A flow document split for editing: the nodes and edges go to the canvas, everything else
 * (format, id, name, settings, fields we do not know) stays in the envelope untouched.
 */
export interface FlowParts {
  envelope: Record<string, unknown>;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Nodes and edges that cannot be drawn (no id, no ends, a repeated id). */
  skipped: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPosition(value: unknown): value is { x: number; y: number } {
  return isRecord(value) && Number.isFinite(value.x) && Number.isFinite(value.y);
}

/**
 * Reads whatever can be drawn from a document that may be broken: the validator reports what is
 * wrong, the canvas still shows every node and edge that has an id, so the author can find and fix it.
 */
export function splitFlowDocument(document: unknown): FlowParts {
  if (!isRecord(document)) return { envelope: {}, nodes: [], edges: [], skipped: 0 };
  const { nodes: rawNodes, edges: rawEdges, ...envelope } = document;
  let skipped = 0;
  const nodes: FlowNode[] = [];
  const seenNodes = new Set<string>();
  for (const raw of Array.isArray(rawNodes) ? rawNodes : []) {
    if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '' || seenNodes.has(raw.id)) {
      skipped += 1;
      continue;
    }
    seenNodes.add(raw.id);
    nodes.push({
      id: raw.id,
      type: typeof raw.type === 'string' ? raw.type : '',
      ...(isPosition(raw.position) ? { position: { x: raw.position.x, y: raw.position.y } } : {}),
      data: isRecord(raw.data) ? raw.data : {},
    });
  }
  const edges: FlowEdge[] = [];
  const seenEdges = new Set<string>();
  for (const raw of Array.isArray(rawEdges) ? rawEdges : []) {
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : '';
    if (
      !isRecord(raw) ||
      !id ||
      typeof raw.source !== 'string' ||
      typeof raw.target !== 'string' ||
      seenEdges.has(id)
    ) {
      skipped += 1;
      continue;
    }
    seenEdges.add(id);
    edges.push({
      id,
      source: raw.source,
      target: raw.target,
      ...(typeof raw.sourceHandle === 'string' ? { sourceHandle: raw.sourceHandle } : {}),
      ...(typeof raw.targetHandle === 'string' ? { targetHandle: raw.targetHandle } : {}),
    });
  }
  return { envelope, nodes, edges, skipped };
}

/** The document the validator, the API and the export see: the envelope first, then nodes and edges. */
export function joinFlowDocument(
  parts: Pick<FlowParts, 'envelope' | 'nodes' | 'edges'>,
): Record<string, unknown> {
  return { ...parts.envelope, nodes: parts.nodes, edges: parts.edges };
}
