import type { InboundMessage } from './messages';
import type { ContactState } from './run-state';

export type TriggerKind = 'message' | 'keyword' | 'api' | 'referral';

export interface ActivityFailure {
  code: string;
  message: string;
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
