import type { ButtonSpec, ListSpec, MediaSpec, ResolvedTemplate } from '../runtime/messages';
import type { RunError, RunStatus } from '../runtime/run-state';

export interface TranscriptEvent {
  at: string;
  dir: 'in' | 'out';
  node?: string;
  type: 'text' | 'template' | 'interactive' | 'media' | 'document' | 'button' | 'list';
  text?: string;
  buttonId?: string;
  buttons?: ButtonSpec[];
  list?: ListSpec;
  media?: MediaSpec;
  template?: ResolvedTemplate;
  filename?: string;
  caption?: string;
}

export interface TranscriptRun {
  status: Exclude<RunStatus, 'running'> | 'running';
  node: string | null;
  vars: Record<string, unknown>;
  error?: { code: string; message: string };
}

export interface Transcript {
  events: TranscriptEvent[];
  run: TranscriptRun | null;
}

export function runSummary(state: {
  status: RunStatus;
  node: string | null;
  vars: Record<string, unknown>;
  error?: RunError;
}): TranscriptRun {
  return {
    status: state.status,
    node: state.node,
    vars: state.vars,
    ...(state.status === 'failed' && state.error
      ? { error: { code: state.error.code, message: state.error.message } }
      : {}),
  };
}
