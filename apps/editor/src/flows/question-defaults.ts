import type { CanvasNode } from './canvas-model';

/**
 * A new step's data, made to fit the flow it joins: a question saves to a variable no other step
 * saves to (`answer`, `answer_2`...), so that adding one never overwrites what another collected.
 */
export function freshConfig(
  config: Record<string, unknown>,
  nodes: readonly CanvasNode[],
): Record<string, unknown> {
  if (typeof config.save !== 'string') return config;
  const taken = new Set(
    nodes.map((node) => node.data.config.save).filter((save) => typeof save === 'string'),
  );
  if (!taken.has(config.save)) return config;
  let n = 2;
  while (taken.has(`${config.save}_${n}`)) n += 1;
  return { ...config, save: `${config.save}_${n}` };
}

/**
 * A question that gets buttons or a list expects a choice: an author who adds buttons to a question
 * that expected text would otherwise get taps judged as text.
 */
export function followOptions(
  type: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  if (type !== 'question') return after;
  const hadOptions = Boolean(before.buttons || before.list);
  const hasOptions = Boolean(after.buttons || after.list);
  // Said out loud (not left to the default) so that the property panel shows what it expects.
  if (!hadOptions && hasOptions && (after.expect === 'text' || after.expect === undefined))
    return { ...after, expect: 'choice' };
  if (hadOptions && !hasOptions && after.expect === 'choice') return { ...after, expect: 'text' };
  return after;
}
