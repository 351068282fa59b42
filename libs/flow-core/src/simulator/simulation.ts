import type { Flow } from '../flow/flow.types';
import type { Effect } from '../runtime/effects';
import type { RunEvent } from '../runtime/events';
import type { InboundMessage } from '../runtime/messages';
import { isActive, type ContactState, type RunState } from '../runtime/run-state';
import { step } from '../runtime/interpreter';
import { matchTrigger, triggerOf } from '../triggers/trigger-match';
import { optionTitle } from '../nodes/shared/interactive.schema';
import {
  scriptedActivity,
  withScriptedAnswers,
  type IssuedDocuments,
  type ScriptedAnswers,
  type ScriptedOutcome,
} from './scripted-activities';
import { checkOutbound } from './simulated-channel';
import { runSummary, type Transcript, type TranscriptEvent } from './transcript';

/** Bounds the events one script step may cause, so a bad flow cannot hang the simulator. */
const MAX_EVENTS_PER_STEP = 10_000;

export class ScriptError extends Error {}

/** A step that left by its `error` port during the simulation, and why. */
export interface SimulatedStepError {
  at: string;
  node: string;
  code: string;
  message: string;
}

export interface SimulationOptions {
  /**
   * Sees every custom activity call with the script's outcome and may change it: the CLI checks the
   * input and a scripted output against the registered activity's schemas, the editor answers an
   * activity the script says nothing about. The core itself knows no activity.
   */
  customActivity?: (
    call: { name: string; input: Record<string, unknown> },
    scripted: ScriptedOutcome,
  ) => ScriptedOutcome;
}

export type UserInput = string | { button: string } | { list: string } | { text: string };

interface PendingTimer {
  id: string;
  runId: string;
  dueAt: number;
  order: number;
}

/**
 * A simulated contact, clock and WhatsApp channel around the same runtime core the engines use.
 * Time only moves when told to; activities answer from scripted results.
 */
export class Simulation {
  readonly events: TranscriptEvent[] = [];
  /** Every exit by an `error` port, in order (the transcript only shows the run's final error). */
  readonly errors: SimulatedStepError[] = [];
  private state: RunState | null = null;
  private nowMs: number;
  private contact: ContactState;
  private timers: PendingTimer[] = [];
  private timerOrder = 0;
  private queue: RunEvent[] = [];
  private runs = 0;
  private inbound = 0;
  private documents: IssuedDocuments = {};
  private answers: ScriptedAnswers = { ai: {}, http: {}, activity: {} };

  constructor(
    private readonly flow: Flow,
    contact: { phone: string; name?: string; fields?: Record<string, unknown> },
    startAt: string,
    private readonly options: SimulationOptions = {},
  ) {
    this.nowMs = Date.parse(startAt);
    this.contact = {
      phone: contact.phone,
      ...(contact.name ? { name: contact.name } : {}),
      fields: { ...contact.fields },
      tags: [],
    };
  }

  get now(): string {
    return new Date(this.nowMs).toISOString();
  }

  get run(): RunState | null {
    return this.state;
  }

  transcript(): Transcript {
    return { events: this.events, run: this.state ? runSummary(this.state) : null };
  }

  setAnswers(answers: Partial<ScriptedAnswers>): void {
    this.answers = withScriptedAnswers(this.answers, answers);
  }

  async user(input: UserInput, referral?: Record<string, unknown>): Promise<void> {
    const message = this.inboundMessage(input, referral);
    this.events.push({
      at: this.now,
      dir: 'in',
      type: message.type === 'text' ? 'text' : message.type === 'button' ? 'button' : 'list',
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.buttonId ? { buttonId: message.buttonId } : {}),
    });
    this.contact.lastInboundAt = message.at;
    if (this.state && isActive(this.state)) {
      await this.dispatch({ type: 'inbound', message });
    } else if (matchTrigger(this.flow, message) > 0) {
      await this.start(triggerOf(this.flow)?.data.on ?? 'message', message);
    }
    await this.advance(0); // a "0s" timer is due at once
  }

  async lead(lead: { name?: string; fields?: Record<string, unknown> }): Promise<void> {
    if (triggerOf(this.flow)?.data.on !== 'api') {
      throw new ScriptError('a "lead" step needs a flow whose trigger is "api"');
    }
    Object.assign(this.contact.fields, lead.fields ?? {});
    if (lead.name) this.contact.name = lead.name;
    // One active run per contact and flow: a lead pushed again while a run is active only updates fields.
    if (this.state && isActive(this.state)) return;
    await this.start('api');
    await this.advance(0);
  }

  /** Moves the clock forward; due timers fire in time order, each at its own due time. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => t.dueAt <= target)
        .sort((a, b) => a.dueAt - b.dueAt || a.order - b.order)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = Math.max(this.nowMs, due.dueAt);
      if (this.state?.runId === due.runId) await this.dispatch({ type: 'timer', timerId: due.id });
    }
    this.nowMs = target;
  }

  private inboundMessage(input: UserInput, referral?: Record<string, unknown>): InboundMessage {
    this.inbound += 1;
    const base = { id: `sim.in.${this.inbound}`, at: this.now, ...(referral ? { referral } : {}) };
    if (typeof input === 'string') return { ...base, type: 'text', text: input };
    if ('text' in input) return { ...base, type: 'text', text: input.text };
    const id = 'button' in input ? input.button : input.list;
    return { ...base, type: 'button' in input ? 'button' : 'list', buttonId: id, ...this.optionTitle(id) };
  }

  /** A tap carries the option's title as its text, as WhatsApp's webhooks do. */
  private optionTitle(id: string): { text?: string } {
    const node = this.state?.wait
      ? this.flow.nodes.find((n) => n.id === this.state?.wait?.nodeId)
      : undefined;
    const title = node ? optionTitle(node.data, id) : undefined;
    return title === undefined ? {} : { text: title };
  }

  private async start(
    trigger: 'message' | 'keyword' | 'api' | 'referral',
    message?: InboundMessage,
  ): Promise<void> {
    this.runs += 1;
    this.timers = [];
    await this.dispatch({
      type: 'start',
      runId: `sim-${this.runs}`,
      trigger,
      contact: { ...this.contact },
      ...(message ? { message } : {}),
    });
  }

  private async dispatch(first: RunEvent): Promise<void> {
    this.queue.push(first);
    for (let count = 0; this.queue.length; count += 1) {
      if (count > MAX_EVENTS_PER_STEP) throw new ScriptError('the flow caused too many events in one step');
      const event = this.queue.shift() as RunEvent;
      const transition = await step(this.flow, this.state, event, this.now);
      this.state = transition.state;
      for (const entry of transition.trace) {
        if (entry.error)
          this.errors.push({
            at: entry.at,
            node: entry.nodeId,
            code: entry.error.code,
            message: entry.error.message,
          });
      }
      for (const effect of transition.effects) this.carryOut(effect);
    }
  }

  private carryOut(effect: Effect): void {
    const runId = this.state?.runId ?? '';
    switch (effect.type) {
      case 'send': {
        const last = this.contact.lastInboundAt ? Date.parse(this.contact.lastInboundAt) : undefined;
        const verdict = checkOutbound(effect.message, last, this.nowMs);
        if (!verdict.ok) {
          this.queue.push({
            type: 'send.failed',
            effectId: effect.id,
            reason: verdict.reason,
            code: verdict.code,
            message: verdict.message,
          });
          return;
        }
        this.events.push({
          at: this.now,
          dir: 'out',
          node: effect.nodeId,
          ...effect.message,
        } as TranscriptEvent);
        return;
      }
      case 'timer.start':
        this.timers.push({ id: effect.id, runId, dueAt: Date.parse(effect.dueAt), order: this.timerOrder++ });
        return;
      case 'timer.cancel':
        this.timers = this.timers.filter((t) => t.id !== effect.id);
        return;
      case 'activity.call': {
        const { outcome, issued } = scriptedActivity(this.answers, {
          nodeId: effect.nodeId,
          request: effect.request,
          now: this.now,
          issued: this.documents,
        });
        this.documents = issued;
        const { request } = effect;
        const checked =
          request.kind === 'activity' && this.options.customActivity
            ? this.options.customActivity({ name: request.name, input: request.input }, outcome)
            : outcome;
        this.queue.push({ type: 'activity.result', requestId: effect.id, ...checked });
        return;
      }
      case 'contact.update':
        Object.assign(this.contact.fields, effect.set ?? {});
        if (effect.name) this.contact.name = effect.name;
        if (effect.stage) this.contact.fields.stage = effect.stage;
        this.contact.tags = [...new Set([...this.contact.tags, ...(effect.addTags ?? [])])].filter(
          (tag) => !(effect.removeTags ?? []).includes(tag),
        );
        return;
      case 'run.handoff':
      case 'run.end':
        return;
    }
  }
}
