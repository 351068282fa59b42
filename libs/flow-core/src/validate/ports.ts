import type { Flow, FlowNode } from '../flow/flow.types';
import type { PortSpec } from '../nodes/node-definition';
import { getNodeDefinition } from '../nodes/registry';

/** The ports a node offers, from its definition and its data. */
export function portsOf(node: FlowNode): PortSpec[] {
  return getNodeDefinition(node.type)?.ports(node.data as never) ?? [];
}

/**
 * Edges saved without a sourceHandle (hand-written JSON) leave by the node's only port when it has
 * exactly one, so `next` need not be spelled out.
 */
export function withDefaultPorts(flow: Flow, invalidNodes: ReadonlySet<string>): Flow {
  const nodes = new Map(flow.nodes.map((node) => [node.id, node]));
  const edges = flow.edges.map((edge) => {
    if (edge.sourceHandle) return edge;
    const source = nodes.get(edge.source);
    if (!source || invalidNodes.has(source.id)) return edge;
    const ports = portsOf(source).filter((port) => port.kind !== 'window_closed' && port.kind !== 'error');
    return ports.length === 1 ? { ...edge, sourceHandle: ports[0].id } : edge;
  });
  return { ...flow, edges };
}
