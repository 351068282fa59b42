import {
  interpolate,
  interpolateDeep,
  interpolateWithSecretSlots,
  type SecretSlot,
} from '../expressions/interpolate';
import { evaluateExpression, ExpressionError, type ExpressionContext } from '../expressions/expression';
import type { TemplateRef } from '../flow/template-ref.schema';
import type { Flow, FlowNode } from '../flow/flow.types';
import type { ActivityRequest, Effect, TraceEntry } from './effects';
import { isSessionMessage, type OutboundMessage, type ResolvedTemplate } from './messages';
import { SENT_HISTORY_LIMIT, type RunError, type RunState } from './run-state';
import { serviceWindow, windowMarginMs } from './window-policy';

/**
 * EXPRESSION_LIMIT when an expression went over its budget (expressions/expression.ts): the node's
 * `error` port takes it when it has one (see the interpreter). Any other failure is EXPRESSION_ERROR.
 */
function failureCode(error: unknown): 'EXPRESSION_LIMIT' | 'EXPRESSION_ERROR' {
  return error instanceof ExpressionError && error.code === 'EXPRESSION_LIMIT'
    ? 'EXPRESSION_LIMIT'
    : 'EXPRESSION_ERROR';
}

/** What became of a session message under the 24-hour rule. */
export type SessionSendResult = 'sent' | 'template' | 'window_closed' | 'fail';

export class RunFailure extends Error {
  constructor(readonly error: RunError) {
    super(error.message);
  }
}

/** What `{{error.*}}` reads: the run's last error, with null for what it does not say. */
function errorView(error: RunError | undefined): ExpressionContext['error'] {
  if (!error) return null;
  return {
    code: error.code,
    message: error.message,
    attempts: error.attempts ?? null,
    step: error.nodeId ?? null,
  };
}

/** The interpreter's working area for one transition: the run state being changed and the effects so far. */
export class StepContext {
  readonly effects: Effect[] = [];
  readonly trace: TraceEntry[] = [];

  constructor(
    readonly flow: Flow,
    readonly state: RunState,
    readonly now: string,
  ) {}

  nextId(prefix: string): string {
    this.state.seq += 1;
    return `${this.state.runId}:${prefix}${this.state.seq}`;
  }

  expressionContext(): ExpressionContext {
    const { contact } = this.state;
    const message = this.state.message;
    return {
      contact: { ...contact.fields, phone: contact.phone, name: contact.name ?? null, tags: contact.tags },
      vars: this.state.vars,
      message: message ? { text: message.text, buttonId: message.buttonId, type: message.type } : null,
      error: errorView(this.state.lastError),
      now: this.now,
    };
  }

  async evaluate(nodeId: string, source: string): Promise<unknown> {
    try {
      return await evaluateExpression(source, this.expressionContext());
    } catch (error) {
      throw new RunFailure({
        code: failureCode(error),
        nodeId,
        message: `Node "${nodeId}": the expression "${source}" failed: ${(error as Error).message}`,
      });
    }
  }

  async interpolate(nodeId: string, text: string): Promise<string> {
    return this.placeholders(nodeId, () => interpolate(text, this.expressionContext()));
  }

  /** Interpolates every string inside a JSON value (request bodies, activity inputs). */
  async interpolateDeep(nodeId: string, value: unknown): Promise<unknown> {
    return this.placeholders(nodeId, () => interpolateDeep(value, this.expressionContext()));
  }

  /**
   * Interpolates a request part (URL, headers, body) leaving the author's `{{secrets.NAME}}` as
   * slots the engine fills at send time: secrets never enter run state, and only the flow's own
   * text can ask for one (see interpolateWithSecretSlots).
   */
  async interpolateWithSecretSlots(
    nodeId: string,
    value: unknown,
    path: Array<string | number>,
  ): Promise<{ value: unknown; slots: SecretSlot[] }> {
    return this.placeholders(nodeId, () => interpolateWithSecretSlots(value, this.expressionContext(), path));
  }

  private async placeholders<T>(nodeId: string, render: () => Promise<T>): Promise<T> {
    try {
      return await render();
    } catch (error) {
      throw new RunFailure({
        code: failureCode(error),
        nodeId,
        message: `Node "${nodeId}": a {{ }} placeholder failed: ${(error as Error).message}`,
      });
    }
  }

  async resolveTemplate(nodeId: string, ref: TemplateRef): Promise<ResolvedTemplate> {
    const params = await Promise.all((ref.params ?? []).map((param) => this.interpolate(nodeId, param)));
    const header = ref.header === undefined ? undefined : await this.interpolate(nodeId, ref.header);
    return { ...ref, params, ...(header === undefined ? {} : { header }) };
  }

  hasEdge(nodeId: string, port: string): boolean {
    return this.flow.edges.some((edge) => edge.source === nodeId && edge.sourceHandle === port);
  }

  windowOpen(): boolean {
    const { contact, window } = this.state;
    return serviceWindow({
      lastInboundAt: contact.lastInboundAt,
      now: this.now,
      marginMs: windowMarginMs(this.flow.settings),
      forcedClosed: window.forcedClosed,
    }).open;
  }

  /** Emits a send effect, whatever the window; callers of session messages go through sendSession. */
  send(nodeId: string, message: OutboundMessage): string {
    const id = this.nextId('s');
    this.effects.push({ type: 'send', id, nodeId, message });
    // Templates are remembered too: a refused template (unknown, not approved, provider error) must
    // reach the run as a send.failed it recognises, or the run would wait for an answer forever.
    this.state.sent.push({ effectId: id, nodeId, session: isSessionMessage(message), at: this.now });
    if (this.state.sent.length > SENT_HISTORY_LIMIT) this.state.sent.shift();
    return id;
  }

  /**
   * Sends a session message under the 24-hour rule (spec §3): inside the window it goes out; outside,
   * the node's fallback template or the flow's re-engagement template goes instead; with neither, the
   * node leaves by `window_closed` if it has that edge, else the run fails.
   */
  async sendSession(
    node: FlowNode,
    message: OutboundMessage,
    fallback?: TemplateRef,
  ): Promise<SessionSendResult> {
    if (this.windowOpen()) {
      this.send(node.id, message);
      return 'sent';
    }
    return this.applyClosedWindow(node, fallback);
  }

  /** The closed-window rules for a node whose session message cannot go out. */
  async applyClosedWindow(node: FlowNode, fallback?: TemplateRef): Promise<SessionSendResult> {
    if (fallback) {
      this.send(node.id, { type: 'template', template: await this.resolveTemplate(node.id, fallback) });
      return 'template';
    }
    const reengagement = this.flow.settings?.reengagementTemplate;
    if (reengagement) {
      // One re-engagement template per closed-window episode: a second one before the contact
      // answers would only look like spam, and Meta counts every template.
      if (!this.state.window.reengagementSent) {
        this.send(node.id, { type: 'template', template: await this.resolveTemplate(node.id, reengagement) });
        this.state.window.reengagementSent = true;
      }
      return 'template';
    }
    if (this.hasEdge(node.id, 'window_closed')) return 'window_closed';
    return 'fail';
  }

  windowClosedError(nodeId: string): RunError {
    return {
      code: 'WINDOW_CLOSED_NO_TEMPLATE',
      nodeId,
      message:
        `Node "${nodeId}" could not send its message: more than 24 hours have passed since the contact's ` +
        'last message, and there is no fallback template, no re-engagement template and no window_closed edge.',
    };
  }

  startTimer(nodeId: string, durationMs: number): string {
    const id = this.nextId('t');
    const dueAt = new Date(Date.parse(this.now) + durationMs).toISOString();
    this.state.timers.push({ id, nodeId, dueAt });
    this.effects.push({ type: 'timer.start', id, nodeId, dueAt });
    return id;
  }

  cancelTimer(id: string | undefined): void {
    if (!id) return;
    const index = this.state.timers.findIndex((timer) => timer.id === id);
    if (index === -1) return;
    this.state.timers.splice(index, 1);
    this.effects.push({ type: 'timer.cancel', id });
  }

  cancelAllTimers(): void {
    for (const timer of [...this.state.timers]) this.cancelTimer(timer.id);
  }

  callActivity(nodeId: string, request: ActivityRequest): string {
    const id = this.nextId('a');
    this.effects.push({ type: 'activity.call', id, nodeId, request });
    return id;
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  record(nodeId: string, kind: 'enter' | 'exit', port?: string, error?: RunError, option?: string): void {
    this.trace.push({
      at: this.now,
      nodeId,
      kind,
      ...(port === undefined ? {} : { port }),
      ...(error ? { error } : {}),
      ...(option === undefined ? {} : { option }),
    });
  }
}
