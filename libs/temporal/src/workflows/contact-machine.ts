import {
  isActive,
  operatorRunEvent,
  OPTED_OUT_REASON,
  runForInbound,
  sendFailedEvent,
  step,
  withLatestInbound,
  type Effect,
  type InboundMessage,
  type RunEvent,
  type RunState,
} from '@leadline/flow-core';
import type {
  AdoptedRun,
  ContactActivities,
  ContactEventSignal,
  ContactMachineState,
  RunSlot,
  RunStart,
} from './contract';

/** What the machine needs from outside: the activities, fresh run ids and the time. */
export interface MachinePorts extends ContactActivities {
  newRunId(): string;
  /** ISO time; in a workflow, Temporal's deterministic clock. */
  now(): string;
}

/** Event ids remembered for dedupe; carried across continue-as-new. */
const SEEN_LIMIT = 200;
/** Ended runs kept so a late "outside the window" failure still reaches the run that sent it. */
const ENDED_KEPT = 3;

/** Effects the workflow carries out itself (Temporal timers, activity calls); the rest are recorded. */
const HELD: ReadonlySet<Effect['type']> = new Set(['timer.start', 'timer.cancel', 'activity.call']);

export function initialMachineState(tenantId: string, contactId: string): ContactMachineState {
  return { tenantId, contactId, runs: [], flows: {}, seen: [] };
}

/**
 * One contact's runs, as the Temporal workflow holds them: routes the contact's inbox events to runs
 * the same way the embedded engine's processor does, drives the pure core, and hands each transition
 * to one activity. No I/O and no clock of its own, so it runs inside a workflow and in plain tests.
 */
export class ContactMachine {
  constructor(
    private readonly s: ContactMachineState,
    private readonly ports: MachinePorts,
  ) {}

  get state(): ContactMachineState {
    return this.s;
  }

  hasActiveRuns(): boolean {
    return this.s.runs.some((run) => isActive(run.state));
  }

  /** The earliest timer of an active run, or undefined when nothing is scheduled. */
  nextDueAt(): string | undefined {
    let next: string | undefined;
    for (const run of this.s.runs) {
      if (!isActive(run.state)) continue;
      for (const timer of run.state.timers)
        if (!next || Date.parse(timer.dueAt) < Date.parse(next)) next = timer.dueAt;
    }
    return next;
  }

  /** Fires the earliest due timer; false when none is due. */
  async fireDue(): Promise<boolean> {
    const now = Date.parse(this.ports.now());
    let due: { run: RunSlot; timerId: string; at: number } | undefined;
    for (const run of this.s.runs) {
      if (!isActive(run.state)) continue;
      for (const timer of run.state.timers) {
        const at = Date.parse(timer.dueAt);
        if (at <= now && (!due || at < due.at)) due = { run, timerId: timer.id, at };
      }
    }
    if (!due) return false;
    await this.advance(due.run, { type: 'timer', timerId: due.timerId });
    return true;
  }

  async handle(event: ContactEventSignal): Promise<void> {
    if (this.s.seen.includes(event.id)) return;
    this.s.seen = [...this.s.seen, event.id].slice(-SEEN_LIMIT);
    const payload = event.payload;
    switch (event.kind) {
      case 'inbound':
        return this.inbound(payload.message as InboundMessage, String(payload.channelId));
      case 'status':
        return this.toRun(String(payload.runId), sendFailedEvent(payload));
      case 'lead':
        return this.lead(String(payload.flowKey), String(payload.channelId));
      case 'control':
        return this.control(payload);
    }
  }

  private activeRuns(): RunSlot[] {
    return this.s.runs.filter((run) => isActive(run.state));
  }

  /** A run that waits for the contact gets the message; otherwise the published flows' triggers compete. */
  private async inbound(message: InboundMessage, channelId: string): Promise<void> {
    if (!this.s.lastInboundAt || Date.parse(message.at) > Date.parse(this.s.lastInboundAt))
      this.s.lastInboundAt = message.at;
    const held = this.waitingRun();
    if (held) return this.deliver(held, message);
    const { adopt, start } = await this.ports.routeInbound({
      tenantId: this.s.tenantId,
      contactId: this.s.contactId,
      channelId,
      message,
      heldRunIds: this.heldRunIds(),
    });
    this.adopt(adopt);
    const adopted = this.waitingRun();
    if (adopted) return this.deliver(adopted, message);
    // One active run per contact and flow: a busy run of this flow keeps going.
    if (!start || this.activeRuns().some((run) => run.flowId === start.flowId)) return;
    return this.startRun(start, message);
  }

  private waitingRun(): RunSlot | undefined {
    return runForInbound(this.activeRuns());
  }

  private deliver(run: RunSlot, message: InboundMessage): Promise<void> | undefined {
    if (run.state.status === 'handoff') return undefined; // a person has the conversation
    return this.advance(run, { type: 'inbound', message });
  }

  private heldRunIds(): string[] {
    return this.s.runs.map((run) => run.runId);
  }

  /** Takes over runs recorded in PostgreSQL (started by the embedded engine before a switch). */
  private adopt(runs: AdoptedRun[]): void {
    for (const run of runs) {
      if (this.s.runs.some((held) => held.runId === run.runId)) continue;
      this.s.flows[run.flowVersionId] = run.flow;
      this.s.runs.push({
        runId: run.runId,
        flowId: run.flowId,
        flowVersionId: run.flowVersionId,
        channelId: run.channelId,
        state: run.state,
      });
    }
  }

  private async lead(flowKey: string, channelId: string): Promise<void> {
    const { adopt, start } = await this.ports.resolveLead({
      tenantId: this.s.tenantId,
      contactId: this.s.contactId,
      flowKey,
      channelId,
      heldRunIds: this.heldRunIds(),
    });
    this.adopt(adopt);
    if (!start || this.activeRuns().some((run) => run.flowId === start.flowId)) return;
    return this.startRun(start, undefined);
  }

  private async control(payload: Record<string, unknown>): Promise<void> {
    switch (payload.action) {
      case 'opt_out':
        this.adopt(
          await this.ports.adoptRuns({
            tenantId: this.s.tenantId,
            contactId: this.s.contactId,
            heldRunIds: this.heldRunIds(),
          }),
        );
        for (const run of this.activeRuns())
          await this.advance(run, { type: 'cancel', reason: OPTED_OUT_REASON });
        return;
      case 'cancel':
      case 'resume':
        return this.toRun(String(payload.runId), operatorRunEvent(payload));
      default:
        return; // opt_in changes nothing for runs
    }
  }

  private async toRun(runId: string, event: RunEvent): Promise<void> {
    const find = () => this.s.runs.find((candidate) => candidate.runId === runId);
    if (!find()) {
      // A run this workflow never held: one the embedded engine ran before a switch.
      this.adopt(
        await this.ports.adoptRuns({
          tenantId: this.s.tenantId,
          contactId: this.s.contactId,
          heldRunIds: this.heldRunIds(),
        }),
      );
    }
    const run = find();
    if (run) await this.advance(run, event);
  }

  private async startRun(start: RunStart, message: InboundMessage | undefined): Promise<void> {
    const runId = this.ports.newRunId();
    this.s.flows[start.flowVersionId] = start.flow;
    const slot: RunSlot = {
      runId,
      flowId: start.flowId,
      flowVersionId: start.flowVersionId,
      channelId: start.channelId,
      state: null as unknown as RunState, // set by the first transition below
    };
    this.s.runs.push(slot);
    await this.transition(
      slot,
      {
        type: 'start',
        runId,
        trigger: start.trigger,
        flowVersion: start.version,
        contact: start.contact,
        ...(message ? { message } : {}),
      },
      true,
    );
  }

  private advance(run: RunSlot, event: RunEvent): Promise<void> {
    return this.transition(run, event, false);
  }

  private async transition(run: RunSlot, event: RunEvent, start: boolean): Promise<void> {
    const flow = this.s.flows[run.flowVersionId];
    if (!flow) throw new Error(`run ${run.runId}: flow version ${run.flowVersionId} is not loaded`);
    const before = start ? null : withLatestInbound(run.state, this.s.lastInboundAt);
    const result = await step(flow, before, event, this.ports.now());
    run.state = result.state;
    await this.ports.applyTransition({
      tenantId: this.s.tenantId,
      contactId: this.s.contactId,
      runId: run.runId,
      flowId: run.flowId,
      flowVersionId: run.flowVersionId,
      channelId: run.channelId,
      start,
      transition: { ...result, effects: result.effects.filter((effect) => !HELD.has(effect.type)) },
    });
    for (const effect of result.effects) {
      if (effect.type !== 'activity.call') continue;
      const outcome = await this.ports
        .runActivity({
          tenantId: this.s.tenantId,
          contactId: this.s.contactId,
          runId: run.runId,
          requestId: effect.id,
          nodeId: effect.nodeId,
          request: effect.request,
        })
        .catch((error: unknown) => ({
          ok: false as const,
          error: { code: 'ACTIVITY_FAILED', message: String((error as Error)?.message ?? error) },
        }));
      await this.advance(
        run,
        outcome.ok
          ? { type: 'activity.result', requestId: effect.id, ok: true, output: outcome.output }
          : { type: 'activity.result', requestId: effect.id, ok: false, error: outcome.error },
      );
    }
    this.forgetEnded();
  }

  private forgetEnded(): void {
    const ended = this.s.runs.filter((run) => !isActive(run.state));
    const drop = new Set(ended.slice(0, Math.max(0, ended.length - ENDED_KEPT)));
    if (!drop.size) return;
    this.s.runs = this.s.runs.filter((run) => !drop.has(run));
    const used = new Set(this.s.runs.map((run) => run.flowVersionId));
    for (const id of Object.keys(this.s.flows)) if (!used.has(id)) delete this.s.flows[id];
  }
}
