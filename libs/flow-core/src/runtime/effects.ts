import type { OutboundMessage } from './messages';
import type { RunError } from './run-state';
import type { SecretSlot } from '../expressions/interpolate';

export type ActivityRequest =
  | {
      kind: 'ai';
      task: 'reply' | 'classify' | 'extract';
      instructions: string;
      provider?: 'openai' | 'gemini';
      model?: string;
      labels?: string[];
      fields?: Record<string, 'string' | 'number' | 'boolean' | 'date'>;
      input: { text: string; contact: Record<string, unknown>; vars: Record<string, unknown> };
    }
  | {
      kind: 'document';
      documentKind: 'quote' | 'invoice';
      items: Array<{ description: string; quantity: number; unitPrice: number }>;
      currency: string;
      taxRate: number;
      caption?: string;
      contact: Record<string, unknown>;
    }
  | {
      kind: 'http';
      method: string;
      url: string;
      headers: Record<string, string>;
      body?: unknown;
      timeoutMs: number;
      /**
       * Where the flow author wrote `{{secrets.NAME}}` (paths start at `url`, `headers` or `body`).
       * The engine fills secrets in at these places only; a placeholder anywhere else is plain text.
       */
      secrets?: SecretSlot[];
    }
  | { kind: 'activity'; name: string; input: Record<string, unknown> };

/** What the engine must carry out after a transition, in order. Ids are unique within the run. */
export type Effect =
  | { type: 'send'; id: string; nodeId: string; message: OutboundMessage }
  | { type: 'timer.start'; id: string; nodeId: string; dueAt: string }
  | { type: 'timer.cancel'; id: string }
  | { type: 'activity.call'; id: string; nodeId: string; request: ActivityRequest }
  | {
      type: 'contact.update';
      set?: Record<string, unknown>;
      name?: string;
      addTags?: string[];
      removeTags?: string[];
      stage?: string;
    }
  | { type: 'run.handoff'; nodeId: string; note?: string }
  | { type: 'run.end'; status: 'completed' | 'failed' | 'cancelled'; error?: RunError };

/** One step of a run's path, for analytics: a node entered, or left by a port. */
export interface TraceEntry {
  at: string;
  nodeId: string;
  kind: 'enter' | 'exit';
  port?: string;
  /** On an exit by the `error` port: why (code, message, attempts), so the trace says what went wrong. */
  error?: RunError;
  /** On an exit from a question: the id of the button or list row the contact chose (per-button analytics). */
  option?: string;
}
