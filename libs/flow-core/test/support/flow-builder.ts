import type { Flow, FlowEdge, FlowNode, FlowSettings } from '../../src';

/** Builders that keep test flows short: `n('ask', 'question', {...})`, `e('start', 'next', 'ask')`. */
export function n(id: string, type: string, data: Record<string, unknown> = {}): FlowNode {
  return { id, type, data };
}

let edgeCounter = 0;

export function e(source: string, sourceHandle: string | null, target: string, id?: string): FlowEdge {
  edgeCounter += 1;
  return {
    id: id ?? `e-${source}-${sourceHandle ?? 'none'}-${target}-${edgeCounter}`,
    source,
    sourceHandle,
    target,
  };
}

/** Edges along a path of `[source, port, target]` triples. */
export function path(...links: Array<[string, string, string]>): FlowEdge[] {
  return links.map(([source, port, target]) => e(source, port, target));
}

export function makeFlow(nodes: FlowNode[], edges: FlowEdge[], settings?: FlowSettings): Flow {
  return {
    format: 'leadline.flow/v1',
    id: 'test-flow',
    name: 'Test flow',
    ...(settings ? { settings } : {}),
    nodes,
    edges,
  };
}

/** The most common start: any inbound message starts the run. */
export const anyMessage = (id = 'start') => n(id, 'trigger', { on: 'message' });

export const STILL_INTERESTED = { name: 'still_interested', language: 'en', params: ['{{contact.name}}'] };
export const FALLBACK = { name: 'node_fallback', language: 'en', params: [] };
