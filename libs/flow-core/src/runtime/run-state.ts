import type { InboundMessage } from './messages';

export type RunStatus = 'running' | 'waiting' | 'completed' | 'handoff' | 'failed' | 'cancelled';

export interface RunError {
  code: string;
  message: string;
  nodeId?: string;
  /** How many times the engine tried the step's activity before giving up (activities only). */
  attempts?: number;
}

export interface ContactState {
  phone: string;
  name?: string;
  fields: Record<string, unknown>;
  tags: string[];
  /** ISO time of the contact's latest inbound message; absent when the contact never wrote. */
  lastInboundAt?: string;
}

export interface TimerState {
  id: string;
  nodeId: string;
  dueAt: string;
}

export type WaitState =
  | {
      kind: 'question';
      nodeId: string;
      /** `reengage`: a template went out because the window was closed; the next reply re-asks. */
      phase: 'answer' | 'reengage';
      attempts: number;
      timerId?: string;
    }
  | { kind: 'wait'; nodeId: string; timerId: string; interruptOnReply: boolean }
  | { kind: 'activity'; nodeId: string; requestId: string }
  | { kind: 'handoff'; nodeId: string };

/** A session message the run sent, kept so a late "outside the window" failure can be traced to its node. */
export interface SentRecord {
  effectId: string;
  nodeId: string;
  session: boolean;
  at: string;
  handled?: boolean;
}

export interface RunState {
  v: 1;
  runId: string;
  flowId: string;
  flowVersion?: string | number;
  status: RunStatus;
  node: string | null;
  wait: WaitState | null;
  vars: Record<string, unknown>;
  contact: ContactState;
  message: InboundMessage | null;
  timers: TimerState[];
  /** Counter for ids of effects, timers and activity requests: deterministic across replays. */
  seq: number;
  window: {
    /** The provider said the window is closed (131047/63016); stays closed until the contact writes. */
    forcedClosed: boolean;
    /** The flow's re-engagement template already went out in this closed-window episode. */
    reengagementSent: boolean;
  };
  sent: SentRecord[];
  /**
   * Transitions since the contact's last message (timers, activity results, provider refusals,
   * resumes); an inbound message sets it back to 0. Bounded by MAX_QUIET_TRANSITIONS. Absent in
   * runs stored before the budget existed: they count from 0.
   */
  quietTransitions?: number;
  /**
   * Why the run last left a node by its `error` port: what `{{error.code}}`, `{{error.message}}` and
   * `{{error.attempts}}` read in the steps after it. Kept until the next error replaces it.
   */
  lastError?: RunError;
  error?: RunError;
  startedAt: string;
  updatedAt: string;
}

export const SENT_HISTORY_LIMIT = 25;

export function isActive(state: RunState): boolean {
  return state.status === 'running' || state.status === 'waiting' || state.status === 'handoff';
}
