import fc from 'fast-check';
import type * as Interpreter from '../src/runtime/interpreter';
import { simulate, validateFlow, type RunState } from '../src';
import { leadCaptureFlow } from './fixtures/lead-capture.flow';
import { CONTACT, START_AT } from './support/run-script';

/** Every step() the simulator makes is checked: input state untouched, and the same input gives the same output. */
const checks = { calls: 0, mutated: [] as string[], divergent: [] as string[] };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

jest.mock('../src/runtime/interpreter', () => {
  const actual = jest.requireActual<typeof Interpreter>('../src/runtime/interpreter');
  return {
    ...actual,
    step: async (...args: Parameters<typeof actual.step>) => {
      const [flow, state, event, now] = args;
      checks.calls += 1;
      const before = JSON.stringify(state);
      // A frozen input makes any write to it throw, so a mutation cannot go unnoticed.
      const first = await actual.step(flow, state === null ? null : deepFreeze(state), event, now);
      if (JSON.stringify(state) !== before) checks.mutated.push(event.type);
      const second = await actual.step(flow, state, event, now);
      if (JSON.stringify(second) !== JSON.stringify(first)) checks.divergent.push(event.type);
      return first;
    },
  };
});

const userText = fc.constantFrom(
  'hi',
  'Ana',
  'yes',
  'no',
  'later',
  '1',
  '2',
  '3',
  '1500',
  '200',
  'maybe',
  'lots',
  '',
  '🙂',
  'PRICE?',
);
const tap = fc.constantFrom('yes', 'no', 'later', 'unknown').map((button) => ({ user: { button } }));
const wait = fc
  .constantFrom('30s', '5m', '1h', '2h', '3h', '23h', '1d', '25h', '3d')
  .map((duration) => ({ wait: duration }));
const aiAnswer = fc
  .oneof(
    fc.constantFrom('hot', 'cold', 'lukewarm').map((classify) => ({ classify })),
    fc.constant({ error: 'quota' }),
  )
  .map((ai) => ({ set: { ai } }));
const httpAnswer = fc
  .constantFrom({ notify: { status: 200 } }, { notify: { error: 'timeout' } })
  .map((http) => ({ set: { http } }));
const scriptStep = fc.oneof(
  { weight: 5, arbitrary: userText.map((text) => ({ user: text })) },
  { weight: 2, arbitrary: tap },
  { weight: 3, arbitrary: wait },
  { weight: 1, arbitrary: aiAnswer },
  { weight: 1, arbitrary: httpAnswer },
);
const script = fc
  .array(scriptStep, { minLength: 1, maxLength: 25 })
  .map((steps) => ({ contact: CONTACT, startAt: START_AT, steps }));

describe('determinism', () => {
  beforeEach(() => {
    checks.calls = 0;
    checks.mutated = [];
    checks.divergent = [];
  });

  it('the example flow is valid', () => {
    expect(validateFlow(leadCaptureFlow).ok).toBe(true);
  });

  it('the same script gives the same transcript, and step() never mutates its input', async () => {
    await fc.assert(
      fc.asyncProperty(script, async (input) => {
        const first = await simulate(leadCaptureFlow, input);
        const second = await simulate(leadCaptureFlow, JSON.parse(JSON.stringify(input)));
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      }),
      { numRuns: 40 },
    );
    expect(checks.calls).toBeGreaterThan(100);
    expect(checks.mutated).toEqual([]);
    expect(checks.divergent).toEqual([]);
  });

  it("random scripts reach the flow's different endings (the generator explores the flow)", async () => {
    const statuses = new Set<string>();
    const nodes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(script, async (input) => {
        const transcript = await simulate(leadCaptureFlow, input);
        if (transcript.run) {
          statuses.add(transcript.run.status);
          nodes.add(transcript.run.node ?? '');
        }
        for (const event of transcript.events) expect(Number.isNaN(Date.parse(event.at))).toBe(false);
      }),
      { numRuns: 80, seed: 20260105 },
    );
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['completed', 'handoff', 'waiting']));
    expect(nodes.size).toBeGreaterThan(3);
  });

  it('a deep-frozen state can be stepped: the new state is a copy, the old one is unchanged', async () => {
    const { step } = jest.requireActual<typeof Interpreter>('../src/runtime/interpreter');
    const started = await step(
      leadCaptureFlow,
      null,
      {
        type: 'start',
        runId: 'r',
        trigger: 'message',
        contact: CONTACT,
        message: { type: 'text', text: 'hi', at: START_AT },
      },
      START_AT,
    );
    const frozen: RunState = deepFreeze(started.state);
    const next = await step(
      leadCaptureFlow,
      frozen,
      { type: 'inbound', message: { type: 'text', text: 'Ana', at: START_AT } },
      START_AT,
    );
    expect(next.state).not.toBe(frozen);
    expect(next.state).toMatchObject({ node: 'ask_interest', vars: { name: 'Ana' } });
    expect(frozen).toMatchObject({ node: 'ask_name', vars: {} });
  });
});
