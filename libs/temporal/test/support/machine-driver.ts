import {
  isSessionMessage,
  matchTrigger,
  parseDuration,
  parseScript,
  runSummary,
  optionTitle,
  scriptedActivity,
  withScriptedAnswers,
  SERVICE_WINDOW_MS,
  triggerOf,
  type Flow,
  type InboundMessage,
  type IssuedDocuments,
  type ScriptedAnswers,
  type Transcript,
  type TranscriptEvent,
} from '@leadline/flow-core';
import { ContactMachine, initialMachineState } from '../../src/workflows/contact-machine';
import type { ApplyTransitionInput, ContactEventSignal, RunStart } from '../../src/workflows/contract';

/**
 * Plays a simulator script through the Temporal workflow's state machine (ContactMachine) with
 * in-memory activities and a simulated clock, the way the workflow drives it: inbox events one at a
 * time, timers fired at their due time, a refused send coming back as a "status" event. Returns a
 * transcript in the simulator's format, so both can be compared.
 */
export async function playThroughMachine(flow: Flow, scriptInput: unknown): Promise<Transcript> {
  const script = parseScript(scriptInput);
  let nowMs = Date.parse(script.startAt);
  const now = () => new Date(nowMs).toISOString();
  const contact = {
    phone: script.contact.phone,
    ...(script.contact.name ? { name: script.contact.name } : {}),
    fields: { ...(script.contact.fields ?? {}) } as Record<string, unknown>,
    tags: [] as string[],
    lastInboundAt: undefined as string | undefined,
  };
  const events: TranscriptEvent[] = [];
  const inbox: ContactEventSignal[] = [];
  const answers: ScriptedAnswers = { ai: {}, http: {}, activity: {} };
  let issued: IssuedDocuments = {};
  let eventSeq = 0;
  let runs = 0;

  const start = (trigger: RunStart['trigger']): RunStart => ({
    flowId: flow.id,
    flowVersionId: 'v1',
    version: 1,
    flow,
    trigger,
    channelId: 'channel',
    contact: {
      phone: contact.phone,
      ...(contact.name ? { name: contact.name } : {}),
      fields: { ...contact.fields },
      tags: [...contact.tags],
      ...(contact.lastInboundAt ? { lastInboundAt: contact.lastInboundAt } : {}),
    },
  });

  const apply = async (input: ApplyTransitionInput): Promise<void> => {
    for (const effect of input.transition.effects) {
      if (effect.type === 'send') {
        const last = contact.lastInboundAt ? Date.parse(contact.lastInboundAt) : undefined;
        if (isSessionMessage(effect.message) && (last === undefined || nowMs >= last + SERVICE_WINDOW_MS)) {
          // As in production: the refusal is recorded and comes back to the run through the inbox.
          inbox.push({
            id: `status-${(eventSeq += 1)}`,
            kind: 'status',
            occurredAt: now(),
            payload: {
              runId: input.runId,
              effectId: effect.id,
              reason: 'window_closed',
              code: '131047',
              message: 'More than 24 hours have passed since the recipient last replied',
            },
          });
          continue;
        }
        events.push({ at: now(), dir: 'out', node: effect.nodeId, ...effect.message } as TranscriptEvent);
      } else if (effect.type === 'contact.update') {
        Object.assign(contact.fields, effect.set ?? {});
        if (effect.name) contact.name = effect.name;
        if (effect.stage) contact.fields.stage = effect.stage;
        contact.tags = [...new Set([...contact.tags, ...(effect.addTags ?? [])])].filter(
          (tag) => !(effect.removeTags ?? []).includes(tag),
        );
      }
    }
  };

  const machine = new ContactMachine(initialMachineState('tenant', 'contact'), {
    newRunId: () => `sim-${(runs += 1)}`,
    now,
    routeInbound: async ({ message }) => ({
      adopt: [],
      start: matchTrigger(flow, message) > 0 ? start(triggerOf(flow)?.data.on ?? 'message') : null,
    }),
    resolveLead: async () => ({ adopt: [], start: triggerOf(flow)?.data.on === 'api' ? start('api') : null }),
    adoptRuns: async () => [],
    applyTransition: apply,
    runActivity: async ({ nodeId, request }) => {
      const result = scriptedActivity(answers, { nodeId, request, now: now(), issued });
      issued = result.issued;
      return result.outcome;
    },
  });

  const drain = async () => {
    for (let event = inbox.shift(); event; event = inbox.shift()) await machine.handle(event);
  };

  /** The workflow's loop: the inbox first, then timers at their due time, up to `target`. */
  const advance = async (ms: number) => {
    const target = nowMs + ms;
    await drain();
    for (let due = machine.nextDueAt(); due && Date.parse(due) <= target; due = machine.nextDueAt()) {
      nowMs = Math.max(nowMs, Date.parse(due));
      await machine.fireDue();
      await drain();
    }
    nowMs = target;
  };

  const tappedTitle = (id: string): string | undefined => {
    const waiting = machine.state.runs.find((run) => run.state.wait)?.state.wait?.nodeId;
    return optionTitle(flow.nodes.find((node) => node.id === waiting)?.data, id);
  };

  let inboundSeq = 0;
  for (const step of script.steps) {
    if ('set' in step) {
      // The activity handlers hold this object: merge into it rather than replace it.
      Object.assign(answers, withScriptedAnswers(answers, step.set));
    } else if ('wait' in step) {
      await advance(parseDuration(step.wait) ?? 0);
    } else if ('lead' in step) {
      Object.assign(contact.fields, step.lead.fields ?? {});
      if (step.lead.name) contact.name = step.lead.name;
      inbox.push({
        id: `lead-${(eventSeq += 1)}`,
        kind: 'lead',
        occurredAt: now(),
        payload: { flowKey: flow.id, channelId: 'channel' },
      });
      await advance(0);
    } else {
      inboundSeq += 1;
      const input = step.user;
      const base = {
        id: `sim.in.${inboundSeq}`,
        at: now(),
        ...(step.referral ? { referral: step.referral } : {}),
      };
      let message: InboundMessage;
      if (typeof input === 'string') message = { ...base, type: 'text', text: input };
      else if ('text' in input) message = { ...base, type: 'text', text: input.text };
      else {
        const id = 'button' in input ? input.button : input.list;
        const title = tappedTitle(id);
        message = {
          ...base,
          type: 'button' in input ? 'button' : 'list',
          buttonId: id,
          ...(title === undefined ? {} : { text: title }),
        };
      }
      events.push({
        at: now(),
        dir: 'in',
        type: message.type === 'text' ? 'text' : message.type === 'button' ? 'button' : 'list',
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.buttonId ? { buttonId: message.buttonId } : {}),
      });
      contact.lastInboundAt = message.at;
      inbox.push({
        id: `in-${(eventSeq += 1)}`,
        kind: 'inbound',
        occurredAt: now(),
        payload: { message, channelId: 'channel' },
      });
      await advance(0);
    }
  }
  const last = machine.state.runs.at(-1);
  return { events, run: last ? runSummary(last.state) : null };
}
