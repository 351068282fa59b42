import type { RunState } from './run-state';

/**
 * A run that was not the one answering still learns that the contact wrote (at `at`): the 24-hour
 * window is the contact's, not the run's. Returns the state unchanged when it already knew.
 */
export function withLatestInbound(state: RunState, at: string | undefined): RunState {
  const known = state.contact.lastInboundAt;
  if (!at || (known && Date.parse(known) >= Date.parse(at))) return state;
  return {
    ...state,
    contact: { ...state.contact, lastInboundAt: at },
    window: { forcedClosed: false, reengagementSent: false },
  };
}
