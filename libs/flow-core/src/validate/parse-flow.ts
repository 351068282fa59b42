import type { z } from 'zod';
import { flowEnvelopeSchema } from '../flow/flow-envelope.schema';
import type { Flow, FlowNode } from '../flow/flow.types';
import { getNodeDefinition } from '../nodes/registry';
import type { Diagnostic } from './diagnostic';

export interface ParsedFlow {
  /** The flow with every node's data parsed (defaults applied); absent when the document is unusable. */
  flow?: Flow;
  /** Nodes whose data did not match their type: graph checks skip their ports. */
  invalidNodes: Set<string>;
  diagnostics: Diagnostic[];
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  return issue.message;
}

/** Checks the document and each node's data against its type, naming the node and field at fault. */
export function parseFlow(input: unknown): ParsedFlow {
  const invalidNodes = new Set<string>();
  const envelope = flowEnvelopeSchema.safeParse(input);
  if (!envelope.success) {
    const nodes = Array.isArray((input as { nodes?: unknown })?.nodes)
      ? (input as { nodes: unknown[] }).nodes
      : [];
    return {
      invalidNodes,
      diagnostics: envelope.error.issues.map((issue) => {
        const [root, index] = issue.path;
        const node =
          root === 'nodes' && typeof index === 'number' ? (nodes[index] as { id?: unknown }) : undefined;
        const nodeId = typeof node?.id === 'string' ? node.id : undefined;
        const path = pathOf(issue.path);
        return {
          severity: 'error' as const,
          code: 'SCHEMA',
          ...(nodeId ? { nodeId } : {}),
          path,
          message: `${path || 'The flow'}: ${issueMessage(issue)}`,
        };
      }),
    };
  }
  const diagnostics: Diagnostic[] = [];
  const nodes: FlowNode[] = envelope.data.nodes.map((raw) => {
    const node: FlowNode = { ...raw, data: raw.data ?? {} };
    const definition = getNodeDefinition(raw.type);
    if (!definition) {
      invalidNodes.add(raw.id);
      diagnostics.push({
        severity: 'error',
        code: 'SCHEMA',
        nodeId: raw.id,
        path: 'type',
        message: `Node "${raw.id}" has an unknown type "${raw.type}".`,
      });
      return node;
    }
    const data = definition.dataSchema.safeParse(raw.data ?? {});
    if (!data.success) {
      invalidNodes.add(raw.id);
      for (const issue of data.error.issues) {
        const path = pathOf(['data', ...issue.path]);
        diagnostics.push({
          severity: 'error',
          code: 'SCHEMA',
          nodeId: raw.id,
          path,
          message: `${definition.label} "${raw.id}": ${path} ${issueMessage(issue)}`,
        });
      }
      return node;
    }
    return { ...node, data: data.data as Record<string, unknown> };
  });
  const flow = { ...envelope.data, nodes, edges: envelope.data.edges } as Flow;
  return { flow, invalidNodes, diagnostics };
}
