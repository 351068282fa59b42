import type { z } from 'zod';
import type { Flow, FlowNode } from '../flow/flow.types';
import type { RunError, WaitState } from '../runtime/run-state';
import type { InboundMessage } from '../runtime/messages';
import type { StepContext } from '../runtime/step-context';
import type { NodeSummary } from './shared/summary';

export type { NodeSummary } from './shared/summary';

export type NodeCategory = 'trigger' | 'messaging' | 'logic' | 'ai' | 'integration' | 'end';

export interface PortSpec {
  id: string;
  label: string;
  /** `error` and `window_closed` fail the run when they have no edge; other ports complete it. */
  kind?: 'normal' | 'error' | 'window_closed';
  /**
   * Left unconnected, a run leaving by this port ends without a word to the contact (an answer that
   * is not valid, no answer, a reply during a wait): the validator warns (DEAD_END). `describe` says
   * when the port is taken, in the words the editor shows ("If the answer is not valid").
   */
  deadEnd?: { describe: string };
}

/** Where a node keeps an expression or a `{{ }}` text, for the validator and the editor. */
export interface ExpressionField {
  path: string;
  kind: 'template' | 'expression';
  source: string;
}

export interface NodeLintIssue {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  path?: string;
}

/** What a node hands back to the interpreter after it ran. */
export type Outcome =
  /** `error` says why the node left by its error port (code, message, attempts), for the trace and `{{error}}`. */
  | { kind: 'go'; port: string; error?: RunError; option?: string }
  | { kind: 'wait'; wait: WaitState }
  | { kind: 'end' }
  | { kind: 'handoff'; note?: string }
  | { kind: 'fail'; error: RunError }
  /** Nothing changes: the event did not concern this node (a stale timer, a reply it ignores). */
  | { kind: 'stay' };

export type ActivityResult =
  { ok: true; output: unknown } | { ok: false; error: { code: string; message: string; attempts?: number } };

export interface NodeRuntime<Data> {
  enter(ctx: StepContext, node: FlowNode, data: Data): Promise<Outcome>;
  onInbound?(ctx: StepContext, node: FlowNode, data: Data, message: InboundMessage): Promise<Outcome>;
  onTimer?(ctx: StepContext, node: FlowNode, data: Data, timerId: string): Promise<Outcome>;
  onActivityResult?(ctx: StepContext, node: FlowNode, data: Data, result: ActivityResult): Promise<Outcome>;
  /** The provider refused a session message of this node as outside the window, while the run waits here. */
  onWindowClosed?(ctx: StepContext, node: FlowNode, data: Data): Promise<Outcome>;
}

/** How a node moves the clock of the 24-hour analysis (time since the contact's last message). */
export interface NodeTiming<Data> {
  /** The node sends a session (free-form) message when it runs. */
  sendsSession?(data: Data): boolean;
  /** The node has its own fallback template for a closed window. */
  hasFallback?(data: Data): boolean;
  /** Leaving by this port: the contact just wrote (`reset`), or time passed (`addMs`, may be Infinity). */
  portDelay?(data: Data, port: string): { reset?: boolean; addMs?: number };
  /** Trigger only: time since the contact's last message when the run starts. */
  startDelay?(data: Data): number;
}

export interface NodeDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  type: Type;
  version: number;
  label: string;
  description: string;
  icon: string;
  category: NodeCategory;
  dataSchema: Schema;
  defaults: z.input<Schema>;
  ports(data: z.output<Schema>): PortSpec[];
  /** A node where the run stops to wait for the contact or for time; cycles must pass through one. */
  waits?: boolean;
  expressions?(data: z.output<Schema>): ExpressionField[];
  lint?(data: z.output<Schema>, flow: Flow, node: FlowNode): NodeLintIssue[];
  timing?: NodeTiming<z.output<Schema>>;
  /** What the card says about the step in plain words, from its (valid) data. */
  summary(data: z.output<Schema>): NodeSummary;
  runtime: NodeRuntime<z.output<Schema>>;
}

export function defineNode<Type extends string, Schema extends z.ZodType>(
  definition: NodeDefinition<Type, Schema>,
): NodeDefinition<Type, Schema> {
  return definition;
}
