import type { Flow, FlowEdge } from '../flow/flow.types';
import { getNodeDefinition } from '../nodes/registry';
import type { Diagnostic } from './diagnostic';
import { portsOf } from './ports';

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

export function checkTriggers(flow: Flow): Diagnostic[] {
  const triggers = flow.nodes.filter((node) => node.type === 'trigger');
  if (triggers.length === 1) return [];
  if (triggers.length === 0) {
    return [
      {
        severity: 'error',
        code: 'TRIGGER',
        message: 'The flow has no trigger: add one to say how conversations start.',
      },
    ];
  }
  return triggers.slice(1).map((node) => ({
    severity: 'error' as const,
    code: 'TRIGGER',
    nodeId: node.id,
    message: `The flow has ${triggers.length} triggers ("${triggers.map((t) => t.id).join('", "')}"); a flow has exactly one.`,
  }));
}

export function checkIds(flow: Flow): Diagnostic[] {
  return [
    ...duplicates(flow.nodes.map((node) => node.id)).map((id) => ({
      severity: 'error' as const,
      code: 'DUPLICATE_ID',
      nodeId: id,
      message: `Two nodes have the id "${id}"; node ids must be unique.`,
    })),
    ...duplicates(flow.edges.map((edge) => edge.id)).map((id) => ({
      severity: 'error' as const,
      code: 'DUPLICATE_ID',
      edgeId: id,
      message: `Two edges have the id "${id}"; edge ids must be unique.`,
    })),
  ];
}

export function checkEdges(flow: Flow, invalidNodes: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const nodes = new Map(flow.nodes.map((node) => [node.id, node]));
  const used = new Map<string, string>();
  for (const node of flow.nodes) {
    if (invalidNodes.has(node.id)) continue;
    const repeated = duplicates(portsOf(node).map((port) => port.id));
    for (const port of repeated) {
      diagnostics.push({
        severity: 'error',
        code: 'DUPLICATE_PORT',
        nodeId: node.id,
        message: `Node "${node.id}" has two ports called "${port}" (two buttons, rows or rules with the same id).`,
      });
    }
  }
  for (const edge of flow.edges) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) {
      const missing = !source ? edge.source : edge.target;
      diagnostics.push({
        severity: 'error',
        code: 'DANGLING_EDGE',
        edgeId: edge.id,
        ...(source ? { nodeId: source.id } : {}),
        message: !source
          ? `Edge "${edge.id}" starts at node "${missing}", which does not exist.`
          : `Edge "${edge.id}" from "${source.id}" leads to node "${missing}", which does not exist.`,
      });
      continue;
    }
    if (target.type === 'trigger') {
      diagnostics.push({
        severity: 'error',
        code: 'EDGE_TO_TRIGGER',
        edgeId: edge.id,
        nodeId: target.id,
        message: `Edge "${edge.id}" from "${source.id}" leads back into the trigger "${target.id}"; start a new path instead.`,
      });
    }
    if (invalidNodes.has(source.id)) continue;
    const ports = portsOf(source).map((port) => port.id);
    if (!edge.sourceHandle || !ports.includes(edge.sourceHandle)) {
      const which = edge.sourceHandle ? `port "${edge.sourceHandle}", which` : 'no port, and';
      const definition = getNodeDefinition(source.type);
      diagnostics.push({
        severity: 'error',
        code: 'DANGLING_EDGE',
        edgeId: edge.id,
        nodeId: source.id,
        message:
          `Edge "${edge.id}" leaves ${definition?.label ?? source.type} "${source.id}" by ${which} this node ` +
          `${ports.length ? `has only the ports ${ports.map((p) => `"${p}"`).join(', ')}` : 'has no outgoing ports'}.`,
      });
      continue;
    }
    const key = `${source.id}\u0000${edge.sourceHandle}`;
    const first = used.get(key);
    if (first) {
      diagnostics.push({
        severity: 'error',
        code: 'DUPLICATE_PORT',
        edgeId: edge.id,
        nodeId: source.id,
        message: `Port "${edge.sourceHandle}" of "${source.id}" has two edges ("${first}" and "${edge.id}"); a port leads to one place.`,
      });
    } else {
      used.set(key, edge.id);
    }
  }
  return diagnostics;
}

export function successors(flow: Flow): Map<string, string[]> {
  const next = new Map<string, string[]>(flow.nodes.map((node) => [node.id, []]));
  for (const edge of flow.edges) next.get(edge.source)?.push(edge.target);
  return next;
}

/** The nodes a run can get to from `start` (itself included), taking only the edges `follows` accepts. */
export function reachableFrom(
  flow: Pick<Flow, 'nodes' | 'edges'>,
  start: string,
  follows: (edge: FlowEdge) => boolean = () => true,
): Set<string> {
  const leaving = new Map<string, FlowEdge[]>(flow.nodes.map((node) => [node.id, []]));
  for (const edge of flow.edges) if (follows(edge)) leaving.get(edge.source)?.push(edge);
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    for (const { target } of leaving.get(queue.shift() as string) ?? []) {
      if (seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return seen;
}

export function checkReachability(flow: Flow): Diagnostic[] {
  const trigger = flow.nodes.find((node) => node.type === 'trigger');
  if (!trigger) return [];
  const seen = reachableFrom(flow, trigger.id);
  return flow.nodes
    .filter((node) => !seen.has(node.id))
    .map((node) => ({
      severity: 'warning' as const,
      code: 'UNREACHABLE',
      nodeId: node.id,
      message: `Node "${node.id}" can never run: no path leads to it from the trigger.`,
    }));
}

/** Cycles are allowed only through a node that waits for the contact or for time (Tarjan's SCCs). */
export function checkLoops(flow: Flow): Diagnostic[] {
  const instant = new Set(
    flow.nodes.filter((node) => !getNodeDefinition(node.type)?.waits).map((node) => node.id),
  );
  const next = successors(flow);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  let counter = 0;

  const visit = (start: string) => {
    // Iterative Tarjan: flows can be large enough to overflow the call stack.
    const work: Array<{ id: string; children: string[]; i: number }> = [];
    const open = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, children: (next.get(id) ?? []).filter((t) => instant.has(t)), i: 0 });
    };
    open(start);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++];
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop() as string;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        const selfLoop = component.length === 1 && (next.get(component[0]) ?? []).includes(component[0]);
        if (component.length > 1 || selfLoop) {
          const members = component.reverse();
          diagnostics.push({
            severity: 'error',
            code: 'LOOP_WITHOUT_WAIT',
            nodeId: members[0],
            message:
              `The nodes ${members.map((m) => `"${m}"`).join(' → ')} form a loop that never waits for the contact ` +
              'or for time; it would spin forever. Put a question or a wait in the loop.',
          });
        }
      }
    }
  };
  for (const id of instant) if (!index.has(id)) visit(id);
  return diagnostics;
}

/**
 * Ports that end the conversation without a word when nothing is connected (PortSpec.deadEnd): a
 * contact whose answer is not understood, or who replies during a wait, hears nothing more. A
 * warning: ending there can be meant, but it should never be an accident nobody saw.
 */
export function checkDeadEnds(flow: Flow, invalidNodes: ReadonlySet<string>): Diagnostic[] {
  const used = new Set(flow.edges.map((edge) => `${edge.source}\u0000${edge.sourceHandle ?? ''}`));
  const diagnostics: Diagnostic[] = [];
  for (const node of flow.nodes) {
    if (invalidNodes.has(node.id)) continue;
    const definition = getNodeDefinition(node.type);
    for (const port of definition?.ports(node.data as never) ?? []) {
      if (!port.deadEnd || used.has(`${node.id}\u0000${port.id}`)) continue;
      diagnostics.push({
        severity: 'warning',
        code: 'DEAD_END',
        nodeId: node.id,
        path: `ports.${port.id}`,
        message: `${definition?.label} "${node.id}": ${port.deadEnd.describe.toLowerCase()}, the conversation ends without a word. Connect "${port.label}" to a step that says something.`,
      });
    }
  }
  return diagnostics;
}
