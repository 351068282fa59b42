import type { Flow } from '../flow/flow.types';
import type { InboundMessage } from '../runtime/messages';
import type { RunState } from '../runtime/run-state';
import { matchTrigger, triggerOf } from '../triggers/trigger-match';

/**
 * Contact routing: which run gets a contact's message, or which flow it starts. One rule for both
 * engines (libs/engine's contact processor, libs/temporal's contact machine); they only differ in
 * where they read the runs and flows from.
 *
 * 1. A run that waits for the contact (a question, a wait a reply interrupts) gets the message; a
 *    run in handoff holds it (a person has the conversation).
 * 2. Otherwise an opted-out contact starts nothing.
 * 3. A reply to a campaign starts the flow the campaign chose, whatever that flow's trigger says.
 * 4. Otherwise the published flows' triggers compete and the strongest wins (ties: the first given,
 *    callers give flows in key order).
 * 5. One active run per contact and flow: a busy run of the chosen flow (waiting on a timer) keeps
 *    going and the message starts nothing.
 */

/** A run that waits for the contact's next message. */
export function waitsForContact(state: RunState): boolean {
  const wait = state.wait;
  return wait?.kind === 'question' || (wait?.kind === 'wait' && wait.interruptOnReply === true);
}

/** The active run the contact's message belongs to, if any (rule 1); `runs` most recent first. */
export function runForInbound<R extends { state: RunState }>(runs: readonly R[]): R | undefined {
  return runs.find((run) => run.state.status === 'handoff' || waitsForContact(run.state));
}

export type StartTrigger = 'message' | 'keyword' | 'api' | 'referral';

/** The published flow whose trigger claims the message most strongly (rule 4), with that trigger. */
export function strongestTrigger<F extends { flow: Flow }>(
  flows: readonly F[],
  message: InboundMessage,
): { candidate: F; trigger: StartTrigger } | undefined {
  let best: { candidate: F; priority: number } | undefined;
  for (const candidate of flows) {
    const priority = matchTrigger(candidate.flow, message);
    if (priority > (best?.priority ?? 0)) best = { candidate, priority };
  }
  if (!best) return undefined;
  return { candidate: best.candidate, trigger: triggerOf(best.candidate.flow)?.data.on ?? 'message' };
}

export type InboundRoute<R, F> =
  | { kind: 'deliver'; run: R }
  | { kind: 'held'; run: R }
  | { kind: 'start'; candidate: F; trigger: StartTrigger; campaign: boolean }
  | { kind: 'none'; reason: 'opted_out' | 'no_match' | 'busy' };

export interface InboundRouting<R, F> {
  message: InboundMessage;
  /** The contact's active runs (running, waiting, handoff), most recent first. */
  runs: readonly R[];
  optedOut: boolean;
  /** The published flows that may start, in key order. */
  flows: readonly F[];
  /** The flow a campaign the contact is replying to chose, when it has one and it is published. */
  campaignFlow?: F;
}

/** Routes one inbound message (rules 1–5 above). Pure: the caller reads and writes. */
export function routeInbound<
  R extends { flowId: string; state: RunState },
  F extends { flowId: string; flow: Flow },
>(input: InboundRouting<R, F>): InboundRoute<R, F> {
  const waiting = runForInbound(input.runs);
  if (waiting)
    return waiting.state.status === 'handoff'
      ? { kind: 'held', run: waiting }
      : { kind: 'deliver', run: waiting };
  if (input.optedOut) return { kind: 'none', reason: 'opted_out' };
  const busy = (flowId: string) => input.runs.some((run) => run.flowId === flowId);
  if (input.campaignFlow && !busy(input.campaignFlow.flowId)) {
    return { kind: 'start', candidate: input.campaignFlow, trigger: 'message', campaign: true };
  }
  const best = strongestTrigger(input.flows, input.message);
  if (!best) return { kind: 'none', reason: 'no_match' };
  if (busy(best.candidate.flowId)) return { kind: 'none', reason: 'busy' };
  return { kind: 'start', candidate: best.candidate, trigger: best.trigger, campaign: false };
}
