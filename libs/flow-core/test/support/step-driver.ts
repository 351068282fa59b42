import { step, type Effect, type Flow, type RunEvent, type RunState, type Transition } from '../../src';
import { START_AT } from './run-script';

export const PHONE = '+27740000001';

/** Starts a run the way an engine does: the contact's first message triggers it. */
export function start(flow: Flow, text = 'hi', now = START_AT): Promise<Transition> {
  return step(
    flow,
    null,
    {
      type: 'start',
      runId: 'run',
      trigger: 'message',
      contact: { phone: PHONE, name: 'Ana' },
      message: { type: 'text', text, at: now },
    },
    now,
  );
}

export function inbound(flow: Flow, state: RunState, text: string, now: string): Promise<Transition> {
  return step(flow, state, { type: 'inbound', message: { type: 'text', text, at: now } }, now);
}

export function sends(effects: Effect[]): Array<Extract<Effect, { type: 'send' }>> {
  return effects.filter((effect): effect is Extract<Effect, { type: 'send' }> => effect.type === 'send');
}

/** What the effects would show the contact: text, or `template:<name>`. */
export function sentLines(effects: Effect[]): string[] {
  return sends(effects).map(({ message }) =>
    message.type === 'template'
      ? `template:${message.template.name}`
      : 'text' in message
        ? message.text
        : message.type,
  );
}

export function windowClosed(effectId: string): RunEvent {
  return {
    type: 'send.failed',
    effectId,
    reason: 'window_closed',
    code: '131047',
    message: 'Re-engagement message',
  };
}

/** The state without its bookkeeping time, to say "nothing changed". */
export function withoutClock(state: RunState): Omit<RunState, 'updatedAt'> {
  const { updatedAt: _updatedAt, ...rest } = state;
  return rest;
}
