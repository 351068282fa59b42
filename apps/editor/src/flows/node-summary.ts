import { getNodeDefinition, type NodeSummary } from '@leadline/flow-core';

/**
 * What a card says about a step without opening it, from the `summary(data)` of its type's
 * definition in the core. Data the schema rejects (a flow being fixed) still shows its text or label;
 * the Problems panel says what is wrong with it.
 */
export function summarizeNode(type: string, data: Record<string, unknown>): NodeSummary {
  const definition = getNodeDefinition(type);
  const parsed = definition?.dataSchema.safeParse(data);
  if (definition && parsed?.success) return definition.summary(parsed.data as never);
  const text = [data.text, data.label].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  return { text: text?.trim().replace(/\s+/g, ' ') ?? '' };
}
