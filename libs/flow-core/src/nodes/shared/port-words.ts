import type { PortSpec } from '../node-definition';

/**
 * The words people see for the exits every node type shares: on the canvas, in menus, in the
 * validator's messages and in the docs. The ids stay in the flow format; only these words are shown.
 * One place, so that "timeout" never reads differently on a card and in a warning.
 */
export const PORT_WORDS = {
  next: 'Then',
  answered: 'If they answer',
  invalid: 'If the answer is not valid',
  timeout: "If they don't answer",
  window_closed: 'If the 24-hour window is closed',
  error: 'If it fails',
  ok: 'If it works',
  elapsed: 'When the wait is over',
  replied: 'If they reply',
  else: 'Otherwise',
} as const;

export type SharedPortId = keyof typeof PORT_WORDS;

/** A shared exit with its plain label; `extra` adds the kind or the dead-end description. */
export function sharedPort(id: SharedPortId, extra: Omit<PortSpec, 'id' | 'label'> = {}): PortSpec {
  return { id, label: PORT_WORDS[id], ...extra };
}

/** The words for a port id when only the id is known (an edge whose node is gone): never the raw id if we can help it. */
export function portWords(id: string): string {
  return (PORT_WORDS as Record<string, string>)[id] ?? id;
}
