import type { InboundMessage } from './messages';
import type { ContactState } from './run-state';

export type TriggerKind = 'message' | 'keyword' | 'api' | 'referral';

export interface ActivityFailure {
  code: string;
  message: string;
  /** How many attempts the engine made (1 for a final failure on the first try). */
  attempts?: number;
}

/** Everything that can happen to a run. Engines deliver these; the core decides what follows. */
export type RunEvent =
  | {
      type: 'start';
      runId: string;
      trigger: TriggerKind;
      contact: Omit<ContactState, 'tags' | 'fields'> & Partial<Pick<ContactState, 'tags' | 'fields'>>;
      message?: InboundMessage;
      flowVersion?: string | number;
    }
  | { type: 'inbound'; message: InboundMessage }
  | { type: 'timer'; timerId: string }
  | { type: 'activity.result'; requestId: string; ok: true; output: unknown }
  | { type: 'activity.result'; requestId: string; ok: false; error: ActivityFailure }
  | {
      type: 'send.failed';
      effectId: string;
      /** `window_closed` for Meta 131047 / Twilio 63016; anything else is a permanent send failure. */
      reason: 'window_closed' | 'permanent';
      code?: string;
      message?: string;
    }
  | { type: 'cancel'; reason?: string }
  | { type: 'resume'; nodeId?: string };

/**
 * Engines keep what happened as plain JSON (an inbox row, a workflow signal) and turn it into run
 * events here, so that a stored report means the same on both engines.
 */

/** A provider's report that a message will not be delivered. */
export function sendFailedEvent(report: Record<string, unknown>): Extract<RunEvent, { type: 'send.failed' }> {
  return {
    type: 'send.failed',
    effectId: String(report.effectId),
    reason: report.reason === 'window_closed' ? 'window_closed' : 'permanent',
    ...(report.code ? { code: String(report.code) } : {}),
    ...(report.message ? { message: String(report.message) } : {}),
  };
}

/** An operator's cancel (`action: 'cancel'`) or resume (anything else) of one run. */
export function operatorRunEvent(
  action: Record<string, unknown>,
): Extract<RunEvent, { type: 'cancel' | 'resume' }> {
  return action.action === 'cancel'
    ? { type: 'cancel', reason: String(action.reason ?? 'Cancelled by an operator.') }
    : { type: 'resume', ...(action.nodeId ? { nodeId: String(action.nodeId) } : {}) };
}

/** Why a contact's runs end when the contact opts out. */
export const OPTED_OUT_REASON = 'The contact opted out.';
