import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/run-cli';

const FLOWS = join(__dirname, '..', '..', '..', 'flows');
const dir = mkdtempSync(join(tmpdir(), 'leadline-cli-'));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function cli(...args: string[]) {
  return cliWith({}, ...args);
}

/** The CLI with this environment only (no .env), e.g. LEADLINE_ACTIVITIES. */
async function cliWith(env: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const validFlow = {
  format: 'leadline.flow/v1',
  id: 'tiny',
  name: 'Tiny',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['hi'] } },
    { id: 'ask', type: 'question', data: { text: 'Name?', save: 'name' } },
    { id: 'sorry', type: 'message', data: { text: 'Sorry, a colleague will reply.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'invalid', target: 'sorry' },
  ],
};

describe('leadline validate', () => {
  it('exits 0 for a valid flow and prints a JSON report with --json', async () => {
    const result = await cli('validate', file('ok.json', validFlow), '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ ok: true, diagnostics: [] });
  });

  it('exits 0 with warnings only (W24H)', async () => {
    const flow = {
      ...validFlow,
      nodes: [
        validFlow.nodes[0],
        { id: 'later', type: 'wait', data: { duration: '2d' } },
        { id: 'm', type: 'message', data: { text: 'hey' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'later' },
        { id: 'e2', source: 'later', sourceHandle: 'elapsed', target: 'm' },
      ],
    };
    const result = await cli('validate', file('warn.json', flow), '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.ok).toBe(true);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'W24H', nodeId: 'm' }),
    ]);
  });

  it('exits 1 when a flow has errors, naming the code and the node', async () => {
    const broken = {
      ...validFlow,
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'nowhere' }],
    };
    const result = await cli('validate', file('broken.json', broken), '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.ok).toBe(false);
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'DANGLING_EDGE' }),
    );
  });

  it('prints readable problems without --json', async () => {
    const result = await cli(
      'validate',
      file('broken2.json', { ...validFlow, nodes: [validFlow.nodes[1]], edges: [] }),
    );
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/error\s+TRIGGER/);
  });

  it('exits 2 for an unreadable file or bad JSON, and for missing arguments', async () => {
    expect((await cli('validate', join(dir, 'missing.json'))).code).toBe(2);
    const bad = await cli('validate', file('bad.json', '{ nope'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('not valid JSON');
    expect((await cli('validate')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('validates several files at once and tags diagnostics with their file', async () => {
    const a = file('a.json', validFlow);
    const b = file('b.json', { ...validFlow, nodes: [] });
    const result = await cli('validate', a, b, '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.diagnostics.every((d: { file: string }) => d.file === b)).toBe(true);
  });
});

describe('leadline simulate', () => {
  const script = {
    contact: { phone: '+27740000001', name: 'Ana' },
    steps: [{ user: 'hi' }, { user: 'Ana' }],
  };

  it('prints the transcript of the spec as JSON with --json', async () => {
    const result = await cli(
      'simulate',
      file('s-flow.json', validFlow),
      '--script',
      file('s.json', script),
      '--json',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({
      events: [
        { at: '2026-01-05T09:00:00.000Z', dir: 'in', type: 'text', text: 'hi' },
        { at: '2026-01-05T09:00:00.000Z', dir: 'out', node: 'ask', type: 'text', text: 'Name?' },
        { at: '2026-01-05T09:00:00.000Z', dir: 'in', type: 'text', text: 'Ana' },
      ],
      run: { status: 'completed', node: 'ask', vars: { name: 'Ana' } },
    });
  });

  it('prints a chat-like transcript with times without --json', async () => {
    const result = await cli(
      'simulate',
      join(FLOWS, 'no-reply-follow-up.flow.json'),
      '--script',
      join(FLOWS, 'no-reply-follow-up.silent.script.json'),
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('── Tue, 6 Jan 2026 ──');
    expect(result.out).toMatch(/14:30 {2}→ bot \[reminder\]: 📨 template lead_reminder \(en\): Lena/);
    expect(result.out).toContain('Run: completed');
  });

  it('exits 1 for an invalid flow', async () => {
    const result = await cli(
      'simulate',
      file('inv.json', { ...validFlow, nodes: [] }),
      '--script',
      file('s2.json', script),
    );
    expect(result.code).toBe(1);
  });

  it('exits 2 for a bad script, naming the step', async () => {
    const result = await cli(
      'simulate',
      file('f3.json', validFlow),
      '--script',
      file('s3.json', { ...script, steps: [{ user: 'hi' }, { wait: 'soon' }] }),
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('steps.1');
  });

  it('exits 2 without --script, or for a lead step on a flow without an api trigger', async () => {
    expect((await cli('simulate', file('f4.json', validFlow))).code).toBe(2);
    const lead = await cli(
      'simulate',
      file('f5.json', validFlow),
      '--script',
      file('s5.json', { ...script, steps: [{ lead: {} }] }),
    );
    expect(lead.code).toBe(2);
    expect(lead.err).toContain('api');
  });
});

describe('custom activities in validate and simulate (LEADLINE_ACTIVITIES)', () => {
  const env = { LEADLINE_ACTIVITIES: join(__dirname, 'fixtures', 'lookup-order.activity.ts') };
  const orders = (name: string) => ({
    format: 'leadline.flow/v1',
    id: 'orders',
    name: 'Orders',
    nodes: [
      { id: 'start', type: 'trigger', data: { on: 'message' } },
      {
        id: 'lookup',
        type: 'activity',
        data: { name, input: { orderId: '{{message.text}}' }, save: 'order' },
      },
      { id: 'found', type: 'message', data: { text: 'Your order is {{vars.order.status}}' } },
      { id: 'sorry', type: 'message', data: { text: 'Sorry: {{error.code}}' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'lookup' },
      { id: 'e2', source: 'lookup', sourceHandle: 'ok', target: 'found' },
      { id: 'e3', source: 'lookup', sourceHandle: 'error', target: 'sorry' },
    ],
  });
  const script = (steps: unknown[]) => ({ contact: { phone: '+27740000001' }, steps });

  it('validate refuses an activity name the deployment does not have, and knows the registered ones', async () => {
    const typo = await cliWith(env, 'validate', file('typo.json', orders('lookup-ordr')), '--json');
    expect(typo.code).toBe(1);
    expect(JSON.parse(typo.out).diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'UNKNOWN_ACTIVITY', nodeId: 'lookup' }),
    );
    expect((await cliWith(env, 'validate', file('known.json', orders('lookup-order')))).code).toBe(0);
    // Not registered in this environment: refused, as the API would.
    expect((await cliWith({}, 'validate', file('known2.json', orders('lookup-order')))).code).toBe(1);
  });

  it('exits 2 naming a module LEADLINE_ACTIVITIES cannot load', async () => {
    const result = await cliWith(
      { LEADLINE_ACTIVITIES: './no/such/module.ts' },
      'validate',
      file('v.json', validFlow),
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('LEADLINE_ACTIVITIES: cannot load "./no/such/module.ts"');
  });

  it('shows a missing scripted answer as SIMULATOR_NO_ANSWER, in --json and in the transcript', async () => {
    const flowFile = file('sim-orders.json', orders('lookup-order'));
    const scriptFile = file('no-answer.json', script([{ user: 'A-1' }]));
    const json = await cliWith(env, 'simulate', flowFile, '--script', scriptFile, '--json');
    expect(json.code).toBe(0);
    const transcript = JSON.parse(json.out);
    expect(transcript.errors).toEqual([
      {
        at: '2026-01-05T09:00:00.000Z',
        node: 'lookup',
        code: 'SIMULATOR_NO_ANSWER',
        message: expect.stringContaining('No scripted output for activity "lookup-order"'),
      },
    ]);
    expect(transcript.events.at(-1)).toMatchObject({ node: 'sorry', text: 'Sorry: SIMULATOR_NO_ANSWER' });
    const text = await cliWith(env, 'simulate', flowFile, '--script', scriptFile);
    expect(text.out).toMatch(/09:00 {2}⚠ \[lookup\] → error: SIMULATOR_NO_ANSWER: No scripted output/);
  });

  it("checks a scripted output against the activity's output schema", async () => {
    const flowFile = file('sim-orders2.json', orders('lookup-order'));
    const wrong = await cliWith(
      env,
      'simulate',
      flowFile,
      '--script',
      file(
        'wrong.json',
        script([{ set: { activity: { 'lookup-order': { status: 'lost' } } } }, { user: 'A-1' }]),
      ),
      '--json',
    );
    expect(JSON.parse(wrong.out).errors).toEqual([
      expect.objectContaining({
        code: 'ACTIVITY_OUTPUT_INVALID',
        message: expect.stringMatching(/"lookup-order" does not match its output schema: status: .*total: /),
      }),
    ]);
    const right = await cliWith(
      env,
      'simulate',
      flowFile,
      '--script',
      file(
        'right.json',
        script([{ set: { activity: { 'lookup-order': { status: 'paid', total: 12 } } } }, { user: 'A-1' }]),
      ),
      '--json',
    );
    const ok = JSON.parse(right.out);
    expect(ok.errors).toBeUndefined();
    expect(ok.events.at(-1)).toMatchObject({ node: 'found', text: 'Your order is paid' });
  });
});
