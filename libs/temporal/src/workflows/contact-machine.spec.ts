import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFlow, type Flow, type RunState } from '@leadline/flow-core';
import { ContactMachine, initialMachineState, type MachinePorts } from './contact-machine';
import type { AdoptedRun, ApplyTransitionInput, ContactEventSignal, RunStart } from './contract';

const flow: Flow = (() => {
  const result = validateFlow(
    JSON.parse(readFileSync(join(__dirname, '../../../../flows/lead-capture.flow.json'), 'utf8')),
  );
  if (!result.flow) throw new Error('lead-capture does not validate');
  return result.flow;
})();

const start: RunStart = {
  flowId: 'flow-1',
  flowVersionId: 'version-1',
  version: 1,
  flow,
  trigger: 'keyword',
  channelId: 'channel-1',
  contact: { phone: '+351912345678', fields: {}, tags: [] },
};

let seq = 0;
const inbound = (text: string): ContactEventSignal => {
  seq += 1;
  const at = new Date(Date.UTC(2026, 0, 5, 9, seq)).toISOString();
  return {
    id: `e${seq}`,
    kind: 'inbound',
    occurredAt: at,
    payload: { channelId: 'channel-1', message: { id: `wamid.${seq}`, at, type: 'text', text } },
  };
};
const control = (payload: Record<string, unknown>): ContactEventSignal => {
  seq += 1;
  return { id: `e${seq}`, kind: 'control', occurredAt: '2026-01-05T10:00:00Z', payload };
};

function harness(options: { adopt?: AdoptedRun[] } = {}) {
  const applied: ApplyTransitionInput[] = [];
  const routed: string[] = [];
  let runs = 0;
  let adoptable = options.adopt ?? [];
  const ports: MachinePorts = {
    newRunId: () => `run-${(runs += 1)}`,
    now: () => '2026-01-05T09:30:00.000Z',
    routeInbound: async ({ message }) => {
      routed.push(String(message.text));
      const adopt = adoptable;
      adoptable = [];
      return { adopt, start: /solar|hi/i.test(String(message.text)) ? start : null };
    },
    resolveLead: async () => ({ adopt: [], start: null }),
    adoptRuns: async () => {
      const adopt = adoptable;
      adoptable = [];
      return adopt;
    },
    applyTransition: async (input) => {
      applied.push(input);
    },
    runActivity: async () => ({ ok: true, output: {} }),
  };
  const machine = new ContactMachine(initialMachineState('tenant-1', 'contact-1'), ports);
  const sent = () =>
    applied.flatMap((a) => a.transition.effects.flatMap((e) => (e.type === 'send' ? [e.nodeId] : [])));
  return { machine, applied, routed, sent };
}

describe('ContactMachine routing (as the embedded processor routes)', () => {
  it('starts the matching flow, then gives the answer to the run waiting for it without routing', async () => {
    const h = harness();
    await h.machine.handle(inbound('Hi, solar please'));
    await h.machine.handle(inbound('Ana Sousa'));
    expect(h.routed).toEqual(['Hi, solar please']);
    expect(h.sent()).toEqual(['welcome', 'ask_name', 'ask_need']);
    expect(h.applied.map((a) => a.start)).toEqual([true, false]);
    expect(h.machine.state.flows).toHaveProperty('version-1');
  });

  it('starts nothing when no flow matches, and ends idle', async () => {
    const h = harness();
    await h.machine.handle(inbound('what time is it?'));
    expect(h.applied).toEqual([]);
    expect(h.machine.hasActiveRuns()).toBe(false);
  });

  it('applies an inbox event once, however often it is signalled', async () => {
    const h = harness();
    const event = inbound('Hi, solar please');
    await h.machine.handle(event);
    await h.machine.handle(event);
    expect(h.applied).toHaveLength(1);
  });

  it('cancels every active run when the contact opts out', async () => {
    const h = harness();
    await h.machine.handle(inbound('Hi, solar please'));
    await h.machine.handle(control({ action: 'opt_out' }));
    expect(h.machine.hasActiveRuns()).toBe(false);
    expect(h.applied.at(-1)?.transition.state.status).toBe('cancelled');
  });

  it('keeps the bot silent while a person has the conversation (handoff)', async () => {
    const h = harness();
    await h.machine.handle(inbound('Hi, solar please'));
    h.machine.state.runs[0].state = { ...h.machine.state.runs[0].state, status: 'handoff', wait: null };
    const before = h.applied.length;
    await h.machine.handle(inbound('hello? solar?'));
    expect(h.applied).toHaveLength(before);
    expect(h.routed).toHaveLength(1);
  });

  it('takes over a run recorded by the embedded engine and gives it the answer', async () => {
    const other = harness();
    await other.machine.handle(inbound('Hi, solar please'));
    const embeddedState = other.machine.state.runs[0].state as RunState;
    const h = harness({
      adopt: [
        {
          runId: 'embedded-run',
          flowId: 'flow-1',
          flowVersionId: 'version-1',
          channelId: 'channel-1',
          state: embeddedState,
          flow,
        },
      ],
    });
    await h.machine.handle(inbound('Ana Sousa'));
    expect(h.applied).toHaveLength(1);
    expect(h.applied[0]).toMatchObject({ runId: 'embedded-run', start: false });
    expect(h.sent()).toEqual(['ask_need']);
  });

  it('fires a due timer of a run, and reports the next one', async () => {
    const h = harness();
    await h.machine.handle(inbound('Hi, solar please'));
    expect(h.machine.nextDueAt()).toBe('2026-01-06T09:30:00.000Z');
    expect(await h.machine.fireDue()).toBe(false); // not due at 09:30 on the 5th
  });
});
