import { getNodeDefinition } from '@leadline/flow-core';

export interface FlowStep {
  id: string;
  /** The step in plain words: its kind and what it says, e.g. "Question: What's your name?". */
  label: string;
}

function snippet(data: unknown): string | undefined {
  const record = (data ?? {}) as Record<string, unknown>;
  for (const key of ['text', 'note', 'instructions', 'name']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) {
      const line = value.trim().replace(/\s+/g, ' ');
      return line.length > 60 ? `${line.slice(0, 59)}…` : line;
    }
  }
  const template = record.template as { name?: unknown } | undefined;
  return typeof template?.name === 'string' ? template.name : undefined;
}

/** The steps a handed-off run can carry on from, in the flow's order; triggers are not steps to resume at. */
export function flowSteps(definition: unknown): FlowStep[] {
  const nodes = (definition as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((node: { id?: unknown; type?: unknown; data?: unknown }) => {
    if (typeof node?.id !== 'string' || typeof node.type !== 'string' || node.type === 'trigger') return [];
    const kind = getNodeDefinition(node.type)?.label ?? 'Step';
    const what = snippet(node.data);
    return [{ id: node.id, label: what ? `${kind}: ${what}` : kind }];
  });
}
