import type { Flow } from '../flow/flow.types';
import type { Outcome } from '../nodes/node-definition';
import { compileFlow, type CompiledFlow } from './compiled-flow';
import type { Effect, TraceEntry } from './effects';
import type { RunEvent } from './events';
import type { InboundMessage } from './messages';
import { isActive, type RunError, type RunState } from './run-state';
import { RunFailure, StepContext } from './step-context';

/** Nodes one transition may pass through before the run is stopped as a runaway. */
export const MAX_NODES_PER_TRANSITION = 500;

/**
 * Transitions a run may take without a message from the contact. A loop that waits only for time
 * (`set → wait 1s → set`) is valid and would otherwise run for ever, each turn a timer, a state
 * write and run events, on a worker every workspace shares. A drip campaign of a message a day for
 * a year stays far below; a contact's reply starts the count again. Kept in the run state, so the
 * simulator, the embedded engine and Temporal stop the same run at the same step.
 */
export const MAX_QUIET_TRANSITIONS = 1_000;

/** Codes of a run stopped by a runaway guard: the engines write an audit row for these. */
export const RUN_LIMIT_CODES: readonly string[] = ['LOOP_LIMIT', 'RUN_STEP_LIMIT'];

export interface Transition {
  state: RunState;
  /** To carry out in order: sends, timers, activity calls, contact updates, end of run. */
  effects: Effect[];
  trace: TraceEntry[];
}

function initialState(flow: Flow, event: Extract<RunEvent, { type: 'start' }>, now: string): RunState {
  const lastInboundAt = event.message?.at ?? event.contact.lastInboundAt;
  return {
    v: 1,
    runId: event.runId,
    flowId: flow.id,
    ...(event.flowVersion === undefined ? {} : { flowVersion: event.flowVersion }),
    status: 'running',
    node: null,
    wait: null,
    vars: {},
    contact: {
      phone: event.contact.phone,
      ...(event.contact.name ? { name: event.contact.name } : {}),
      fields: { ...(event.contact.fields ?? {}) },
      tags: [...(event.contact.tags ?? [])],
      ...(lastInboundAt ? { lastInboundAt } : {}),
    },
    message: event.message ?? null,
    timers: [],
    seq: 0,
    window: { forcedClosed: false, reengagementSent: false },
    sent: [],
    startedAt: now,
    updatedAt: now,
  };
}

function finish(ctx: StepContext, status: 'completed' | 'failed' | 'cancelled', error?: RunError): void {
  ctx.cancelAllTimers();
  ctx.state.status = status;
  ctx.state.wait = null;
  if (error) ctx.state.error = error;
  ctx.emit({ type: 'run.end', status, ...(error ? { error } : {}) });
}

/**
 * Runs one node callback. An expression over its budget (EXPRESSION_LIMIT) is the flow's own doing,
 * like an API that answers 500: the node leaves by its `error` port when that port is connected, and
 * the run fails with the code otherwise. Other failures fail the run as before.
 */
async function guarded(ctx: StepContext, nodeId: string, call: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof RunFailure) || error.error.code !== 'EXPRESSION_LIMIT') throw error;
    if (!ctx.hasEdge(nodeId, 'error')) throw error;
    return { kind: 'go', port: 'error', error: error.error };
  }
}

/** Follows outcomes from node to node until the run waits, ends or fails. */
async function advance(
  ctx: StepContext,
  compiled: CompiledFlow,
  nodeId: string,
  first: Outcome,
): Promise<void> {
  let current = nodeId;
  let outcome = first;
  for (let hops = 0; ; hops += 1) {
    if (hops > MAX_NODES_PER_TRANSITION) {
      finish(ctx, 'failed', {
        code: 'LOOP_LIMIT',
        nodeId: current,
        message: `The run passed through ${MAX_NODES_PER_TRANSITION} nodes without waiting; it was stopped at "${current}".`,
      });
      return;
    }
    switch (outcome.kind) {
      case 'stay':
        return;
      case 'wait':
        ctx.state.status = 'waiting';
        ctx.state.node = current;
        ctx.state.wait = outcome.wait;
        return;
      case 'end':
        ctx.state.node = current;
        finish(ctx, 'completed');
        return;
      case 'fail':
        ctx.state.node = current;
        finish(ctx, 'failed', outcome.error);
        return;
      case 'handoff':
        ctx.cancelAllTimers();
        ctx.state.node = current;
        ctx.state.status = 'handoff';
        ctx.state.wait = { kind: 'handoff', nodeId: current };
        ctx.emit({ type: 'run.handoff', nodeId: current, ...(outcome.note ? { note: outcome.note } : {}) });
        return;
      case 'go': {
        const port = outcome.port;
        const from = current;
        // Why the node failed goes on the trace and stays readable as {{error.*}} after the port.
        const failure =
          port === 'error'
            ? (outcome.error ?? { code: 'NODE_ERROR', nodeId: from, message: `"${from}" failed.` })
            : undefined;
        if (failure) ctx.state.lastError = failure;
        ctx.record(from, 'exit', port, failure, outcome.option);
        ctx.state.wait = null;
        const edge = compiled.flow.edges.find((e) => e.source === from && e.sourceHandle === port);
        if (!edge) {
          ctx.state.node = current;
          if (port === 'error') {
            finish(
              ctx,
              'failed',
              failure ?? { code: 'NODE_ERROR', nodeId: current, message: `"${current}" failed.` },
            );
          } else if (port === 'window_closed') {
            finish(ctx, 'failed', ctx.windowClosedError(current));
          } else {
            finish(ctx, 'completed');
          }
          return;
        }
        const target = compiled.nodes.get(edge.target);
        if (!target) throw new Error(`Edge "${edge.id}" leads to a missing node "${edge.target}"`);
        current = target.node.id;
        ctx.state.node = current;
        ctx.state.status = 'running';
        ctx.record(current, 'enter');
        outcome = await guarded(ctx, current, () =>
          target.definition.runtime.enter(ctx, target.node, target.data),
        );
      }
    }
  }
}

function noteInbound(state: RunState, message: InboundMessage): void {
  const last = state.contact.lastInboundAt;
  // Webhooks can arrive late or out of order: the window follows the message's own time.
  if (!last || Date.parse(message.at) > Date.parse(last)) state.contact.lastInboundAt = message.at;
  state.message = message;
  state.window = { forcedClosed: false, reengagementSent: false };
}

async function handle(ctx: StepContext, compiled: CompiledFlow, event: RunEvent): Promise<void> {
  const state = ctx.state;
  const waitingAt = state.wait ? compiled.nodes.get(state.wait.nodeId) : undefined;
  switch (event.type) {
    case 'start': {
      const trigger = compiled.trigger;
      if (!trigger) throw new Error('The flow has no trigger; validate it first.');
      state.node = trigger.node.id;
      ctx.record(trigger.node.id, 'enter');
      await advance(
        ctx,
        compiled,
        trigger.node.id,
        await guarded(ctx, trigger.node.id, () =>
          trigger.definition.runtime.enter(ctx, trigger.node, trigger.data),
        ),
      );
      return;
    }
    case 'inbound': {
      noteInbound(state, event.message);
      if (state.status !== 'waiting' || !waitingAt?.definition.runtime.onInbound) return;
      const onInbound = waitingAt.definition.runtime.onInbound;
      const outcome = await guarded(ctx, waitingAt.node.id, () =>
        onInbound(ctx, waitingAt.node, waitingAt.data, event.message),
      );
      await advance(ctx, compiled, waitingAt.node.id, outcome);
      return;
    }
    case 'timer': {
      const index = state.timers.findIndex((timer) => timer.id === event.timerId);
      if (index === -1) return; // stale: cancelled, or the run moved on
      const [timer] = state.timers.splice(index, 1);
      if (!waitingAt || waitingAt.node.id !== timer.nodeId || !waitingAt.definition.runtime.onTimer) return;
      const onTimer = waitingAt.definition.runtime.onTimer;
      const outcome = await guarded(ctx, waitingAt.node.id, () =>
        onTimer(ctx, waitingAt.node, waitingAt.data, timer.id),
      );
      await advance(ctx, compiled, waitingAt.node.id, outcome);
      return;
    }
    case 'activity.result': {
      if (state.wait?.kind !== 'activity' || state.wait.requestId !== event.requestId) return;
      if (!waitingAt?.definition.runtime.onActivityResult) return;
      const result = event.ok
        ? { ok: true as const, output: event.output }
        : { ok: false as const, error: event.error };
      const onActivityResult = waitingAt.definition.runtime.onActivityResult;
      const outcome = await guarded(ctx, waitingAt.node.id, () =>
        onActivityResult(ctx, waitingAt.node, waitingAt.data, result),
      );
      await advance(ctx, compiled, waitingAt.node.id, outcome);
      return;
    }
    case 'send.failed':
      await handleSendFailure(ctx, compiled, event);
      return;
    case 'cancel':
      finish(ctx, 'cancelled', { code: 'CANCELLED', message: event.reason ?? 'The run was cancelled.' });
      return;
    case 'resume': {
      if (state.status !== 'handoff') return;
      state.wait = null;
      const target = event.nodeId ? compiled.nodes.get(event.nodeId) : undefined;
      if (event.nodeId && !target)
        throw new RunFailure({
          code: 'UNKNOWN_NODE',
          message: `No node "${event.nodeId}" in this flow version.`,
        });
      if (!target) {
        finish(ctx, 'completed');
        return;
      }
      state.status = 'running';
      state.node = target.node.id;
      ctx.record(target.node.id, 'enter');
      await advance(
        ctx,
        compiled,
        target.node.id,
        await guarded(ctx, target.node.id, () =>
          target.definition.runtime.enter(ctx, target.node, target.data),
        ),
      );
    }
  }
}

/**
 * The provider refused a message after the engine sent it. Outside the window (131047 / 63016) the
 * node's closed-window rules apply to a session message, once per message; any other refusal, and any
 * refusal of a template (there is nothing left to fall back to), fails the run with SEND_FAILED.
 */
async function handleSendFailure(
  ctx: StepContext,
  compiled: CompiledFlow,
  event: Extract<RunEvent, { type: 'send.failed' }>,
): Promise<void> {
  const state = ctx.state;
  const record = state.sent.find((sent) => sent.effectId === event.effectId);
  if (!record || record.handled) return;
  record.handled = true;
  const origin = compiled.nodes.get(record.nodeId);
  if (!origin) return;
  if (!record.session && !isActive(state)) return; // a late refusal of a run that already ended
  if (event.reason === 'permanent' || !record.session) {
    finish(ctx, 'failed', {
      code: 'SEND_FAILED',
      nodeId: record.nodeId,
      message: `WhatsApp refused the ${record.session ? 'message' : 'template'} of "${record.nodeId}"${event.code ? ` (error ${event.code})` : ''}: ${event.message ?? 'no reason given'}.`,
    });
    return;
  }
  const last = state.contact.lastInboundAt;
  if (last && Date.parse(last) > Date.parse(record.at)) return; // the contact wrote since: the window is open again
  state.window.forcedClosed = true;
  if (state.status === 'completed') {
    // The run ended after sending: the contact still gets the fallback template, if there is one.
    const fallback = (origin.data as { fallbackTemplate?: Parameters<StepContext['applyClosedWindow']>[1] })
      .fallbackTemplate;
    if (fallback || ctx.flow.settings?.reengagementTemplate)
      await ctx.applyClosedWindow(origin.node, fallback);
    return;
  }
  if (state.wait?.nodeId === record.nodeId && origin.definition.runtime.onWindowClosed) {
    const outcome = await origin.definition.runtime.onWindowClosed(ctx, origin.node, origin.data);
    await advance(ctx, compiled, origin.node.id, outcome);
    return;
  }
  const fallback = (origin.data as { fallbackTemplate?: Parameters<StepContext['applyClosedWindow']>[1] })
    .fallbackTemplate;
  const result = await ctx.applyClosedWindow(origin.node, fallback);
  if (result === 'template') return;
  if (result === 'window_closed') {
    // The run had moved on past the node: take it back to the node's window_closed path.
    ctx.cancelAllTimers();
    await advance(ctx, compiled, origin.node.id, { kind: 'go', port: 'window_closed' });
    return;
  }
  ctx.state.node = origin.node.id;
  finish(ctx, 'failed', ctx.windowClosedError(origin.node.id));
}

/**
 * Counts the transition against MAX_QUIET_TRANSITIONS and stops the run past it. An inbound message
 * (or the start) sets the count back to 0; a stale event that changed nothing is not counted.
 */
function countQuietTransition(ctx: StepContext, event: RunEvent): void {
  const state = ctx.state;
  if (event.type === 'start' || event.type === 'inbound') {
    if (state.quietTransitions) delete state.quietTransitions;
    return;
  }
  if (!isActive(state) || (ctx.effects.length === 0 && ctx.trace.length === 0)) return;
  state.quietTransitions = (state.quietTransitions ?? 0) + 1;
  if (state.quietTransitions <= MAX_QUIET_TRANSITIONS) return;
  finish(ctx, 'failed', {
    code: 'RUN_STEP_LIMIT',
    ...(state.node ? { nodeId: state.node } : {}),
    message: `The run took ${MAX_QUIET_TRANSITIONS} steps (timers, activity results) without a message from the contact and was stopped${state.node ? ` at "${state.node}"` : ''}: does a loop wait only for time?`,
  });
}

/**
 * The flow runtime: given a run's state, an event and the current time, returns the new state and
 * the effects to carry out. Deterministic and free of I/O: the simulator, the embedded engine and
 * the Temporal workflow all call this one function.
 */
export async function step(
  flow: Flow,
  state: RunState | null,
  event: RunEvent,
  now: string,
): Promise<Transition> {
  const compiled = compileFlow(flow);
  let next: RunState;
  if (event.type === 'start') {
    next = initialState(flow, event, now);
  } else {
    if (!state) throw new Error(`A "${event.type}" event needs the run's state`);
    next = JSON.parse(JSON.stringify(state)) as RunState;
    const lateRefusal =
      event.type === 'send.failed' && event.reason === 'window_closed' && next.status === 'completed';
    if (!isActive(next) && !lateRefusal) return { state: next, effects: [], trace: [] };
  }
  const ctx = new StepContext(compiled.flow, next, now);
  try {
    await handle(ctx, compiled, event);
  } catch (error) {
    if (!(error instanceof RunFailure)) throw error;
    finish(ctx, 'failed', error.error);
  }
  countQuietTransition(ctx, event);
  next.updatedAt = now;
  return { state: next, effects: ctx.effects, trace: ctx.trace };
}
