import type { Flow, Transition } from '@leadline/flow-core';

/** What applying one event did, for the metrics (counted once the transaction committed). */
export interface AppliedEvent {
  kind: string;
  /** The status of each run a step moved, afterwards. */
  steps: string[];
  templateFallbacks: number;
  /** A timer event: how late it was applied. */
  timerLatenessMs?: number;
}

/**
 * Templates a step sent from a node that sends session messages: the 24-hour window was closed and
 * the node's fallback or the flow's re-engagement template went instead (template nodes are not).
 */
export function templateFallbacks(flow: Flow, transition: Transition): number {
  let count = 0;
  for (const effect of transition.effects) {
    if (effect.type !== 'send' || effect.message.type !== 'template') continue;
    const node = flow.nodes.find((candidate) => candidate.id === effect.nodeId);
    if (node && node.type !== 'template') count += 1;
  }
  return count;
}
