import type { Flow, FlowNode } from '../flow/flow.types';
import { getNodeDefinition } from '../nodes/registry';
import type { NodeDefinition } from '../nodes/node-definition';
import { withDefaultPorts } from '../validate/ports';

export interface CompiledNode {
  node: FlowNode;
  definition: NodeDefinition;
  data: unknown;
}

export interface CompiledFlow {
  flow: Flow;
  nodes: Map<string, CompiledNode>;
  trigger?: CompiledNode;
}

const compiled = new WeakMap<Flow, CompiledFlow>();

/**
 * Indexes a flow for the interpreter, parsing each node's data once (defaults applied). Engines keep
 * the same Flow object across steps, so this runs once per flow version and process.
 */
export function compileFlow(flow: Flow): CompiledFlow {
  const cached = compiled.get(flow);
  if (cached) return cached;
  const nodes = new Map<string, CompiledNode>();
  for (const node of flow.nodes) {
    const definition = getNodeDefinition(node.type);
    if (!definition)
      throw new Error(`Node "${node.id}" has an unknown type "${node.type}"; validate the flow first.`);
    const parsed = definition.dataSchema.safeParse(node.data);
    if (!parsed.success) throw new Error(`Node "${node.id}" is invalid; validate the flow first.`);
    nodes.set(node.id, {
      node: { ...node, data: parsed.data as Record<string, unknown> },
      definition,
      data: parsed.data,
    });
  }
  const normalised = withDefaultPorts({ ...flow, nodes: [...nodes.values()].map((n) => n.node) }, new Set());
  const result: CompiledFlow = {
    flow: normalised,
    nodes,
    trigger: [...nodes.values()].find((n) => n.node.type === 'trigger'),
  };
  compiled.set(flow, result);
  return result;
}
