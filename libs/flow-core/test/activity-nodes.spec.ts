import { step, type Effect } from '../src';
import { anyMessage, e, makeFlow, n } from './support/flow-builder';
import { outbound, runScript, seen, START_AT } from './support/run-script';

/** trigger → node → one message per port, so the transcript names the port taken. */
function around(data: Record<string, unknown>, type: string, ports: string[]) {
  return makeFlow(
    [
      anyMessage(),
      n('step', type, data),
      ...ports.map((port) => n(`to_${port}`, 'message', { text: `port ${port}` })),
    ],
    [e('start', 'next', 'step'), ...ports.map((port) => e('step', port, `to_${port}`))],
  );
}

describe('ai node', () => {
  const classify = {
    task: 'classify',
    instructions: 'Classify {{message.text}}',
    labels: ['pricing', 'support'],
    save: 'topic',
  };

  it('reply: sends the scripted answer as text, saves it and goes on by "next"', async () => {
    const flow = around({ task: 'reply', instructions: 'Be nice', save: 'answer' }, 'ai', ['next', 'error']);
    const transcript = await runScript(flow, [
      { set: { ai: { reply: '  We open at 9.  ' } } },
      { user: 'when do you open?' },
    ]);
    expect(seen(transcript)).toEqual(['We open at 9.', 'port next']);
    expect(transcript.run?.vars.answer).toBe('We open at 9.');
  });

  it.each([
    ['pricing', 'port pricing'],
    ['support', 'port support'],
    ['sales', 'port error'],
  ])('classify: the label %j leaves by its port (%s)', async (label, expected) => {
    const flow = around(classify, 'ai', ['pricing', 'support', 'error']);
    const transcript = await runScript(flow, [{ set: { ai: { classify: label } } }, { user: 'how much?' }]);
    expect(seen(transcript)).toEqual([expected]);
  });

  it('classify: an invalid label without an "error" edge fails the run with AI_INVALID_LABEL', async () => {
    const flow = around(classify, 'ai', ['pricing', 'support']);
    const transcript = await runScript(flow, [{ set: { ai: { classify: 'sales' } } }, { user: 'how much?' }]);
    expect(transcript.run).toMatchObject({
      status: 'failed',
      node: 'step',
      error: { code: 'AI_INVALID_LABEL' },
    });
  });

  it('extract: keeps the fields of the right type and lists the others', async () => {
    const flow = around(
      {
        task: 'extract',
        instructions: 'Extract',
        fields: { budget: 'number', city: 'string', when: 'date' },
        save: 'lead',
      },
      'ai',
      ['next'],
    );
    const transcript = await runScript(flow, [
      { set: { ai: { extract: { budget: '5000', city: 'Lisbon', when: 'soon' } } } },
      { user: 'x' },
    ]);
    expect(transcript.run?.vars).toEqual({ lead: { budget: 5000, city: 'Lisbon' }, lead_invalid: ['when'] });
  });

  it.each([
    ['with an "error" edge goes there', ['next', 'error'], { status: 'completed', node: 'to_error' }],
    [
      'without one fails the run with the code',
      ['next'],
      { status: 'failed', node: 'step', error: { code: 'AI_PROVIDER_ERROR' } },
    ],
  ])('a provider error %s', async (_label, ports, run) => {
    const flow = around({ task: 'reply', instructions: 'Be nice' }, 'ai', ports);
    const transcript = await runScript(flow, [{ set: { ai: { error: 'quota exceeded' } } }, { user: 'hi' }]);
    expect(transcript.run).toMatchObject(run);
    expect(outbound(transcript).filter((m) => m.node === 'step')).toEqual([]);
  });

  it("sends the instructions interpolated and the contact's text apart from them", async () => {
    const flow = around(classify, 'ai', ['pricing']);
    const { effects } = await step(
      flow,
      null,
      {
        type: 'start',
        runId: 'r',
        trigger: 'message',
        contact: { phone: '+27740000001' },
        message: { type: 'text', text: 'price?', at: START_AT },
      },
      START_AT,
    );
    const call = effects.find(
      (effect): effect is Extract<Effect, { type: 'activity.call' }> => effect.type === 'activity.call',
    );
    expect(call?.request).toMatchObject({
      kind: 'ai',
      task: 'classify',
      instructions: 'Classify price?',
      labels: ['pricing', 'support'],
    });
    expect(call?.request).toHaveProperty('input.text', 'price?');
  });
});

describe('document node', () => {
  const quote = {
    kind: 'quote',
    items: '[{ "description": "Consultation", "quantity": 2, "unitPrice": 100 }]',
    currency: 'EUR',
    taxRate: 0.2,
    caption: 'Your quote, {{contact.name}}',
    save: 'quote',
  };

  it('creates the document, sends it as a WhatsApp document with its caption, saves it, goes on by "next"', async () => {
    const transcript = await runScript(around(quote, 'document', ['next', 'error']), [
      { user: 'quote please' },
    ]);
    expect(outbound(transcript)[0]).toMatchObject({
      type: 'document',
      node: 'step',
      filename: 'Q-2026-0001.pdf',
      caption: 'Your quote, Ana',
    });
    expect(seen(transcript).at(-1)).toBe('port next');
    expect(transcript.run?.vars.quote).toMatchObject({
      number: 'Q-2026-0001',
      currency: 'EUR',
      totalMinor: 24000,
    });
  });

  it('with send false it only creates the document', async () => {
    const transcript = await runScript(around({ ...quote, send: false }, 'document', ['next']), [
      { user: 'quote please' },
    ]);
    expect(seen(transcript)).toEqual(['port next']);
    expect(transcript.run?.vars.quote).toMatchObject({ number: 'Q-2026-0001' });
  });

  it.each([
    ['not a list', '"lots"'],
    ['a negative price', '[{ "description": "x", "quantity": 1, "unitPrice": -5 }]'],
    ['an empty list', '[]'],
  ])(
    'items that are %s leave by "error", or fail the run with DOCUMENT_ITEMS without that edge',
    async (_label, items) => {
      const routed = await runScript(around({ ...quote, items }, 'document', ['next', 'error']), [
        { user: 'x' },
      ]);
      expect(seen(routed)).toEqual(['port error']);
      const failed = await runScript(around({ ...quote, items }, 'document', ['next']), [{ user: 'x' }]);
      expect(failed.run).toMatchObject({ status: 'failed', node: 'step', error: { code: 'DOCUMENT_ITEMS' } });
    },
  );
});

describe.each([
  [
    'http',
    {
      method: 'POST',
      url: 'https://crm.test/{{contact.phone}}',
      body: { name: '{{contact.name}}' },
      save: 'out',
    },
    'step',
    'HTTP_ERROR',
  ],
  [
    'activity',
    { name: 'score-lead', input: { who: '{{contact.name}}' }, save: 'out' },
    'score-lead',
    'ACTIVITY_ERROR',
  ],
])('%s node', (type, data, answerKey, errorCode) => {
  it('leaves by "ok" with the scripted answer saved', async () => {
    const transcript = await runScript(around(data, type, ['ok', 'error']), [
      { set: { [type]: { [answerKey]: { score: 9 } } } },
      { user: 'hi' },
    ]);
    expect(seen(transcript)).toEqual(['port ok']);
    expect(transcript.run?.vars.out).toEqual({ score: 9 });
  });

  it('leaves by "error" on a scripted error', async () => {
    const transcript = await runScript(around(data, type, ['ok', 'error']), [
      { set: { [type]: { [answerKey]: { error: 'boom' } } } },
      { user: 'hi' },
    ]);
    expect(seen(transcript)).toEqual(['port error']);
  });

  it(`fails the run with ${errorCode} when "error" has no edge`, async () => {
    const transcript = await runScript(around(data, type, ['ok']), [
      { set: { [type]: { [answerKey]: { error: 'boom' } } } },
      { user: 'hi' },
    ]);
    expect(transcript.run).toMatchObject({
      status: 'failed',
      node: 'step',
      error: { code: errorCode, message: 'boom' },
    });
  });

  it('asks the engine with every {{ }} in the request filled in', async () => {
    const { effects, state } = await step(
      around(data, type, ['ok']),
      null,
      {
        type: 'start',
        runId: 'r',
        trigger: 'message',
        contact: { phone: '+27740000001', name: 'Ana' },
        message: { type: 'text', text: 'hi', at: START_AT },
      },
      START_AT,
    );
    const call = effects.find((effect) => effect.type === 'activity.call');
    expect(call).toMatchObject(
      type === 'http'
        ? {
            request: {
              kind: 'http',
              method: 'POST',
              url: 'https://crm.test/+27740000001',
              body: { name: 'Ana' },
              timeoutMs: 10_000,
            },
          }
        : { request: { kind: 'activity', name: 'score-lead', input: { who: 'Ana' } } },
    );
    expect(state).toMatchObject({ status: 'waiting', wait: { kind: 'activity', nodeId: 'step' } });
  });
});

describe('why a step failed', () => {
  // trigger → lookup (activity) → error: a message quoting {{error.*}}.
  const flow = makeFlow(
    [
      anyMessage(),
      n('lookup', 'activity', { name: 'lookup-order', input: {}, save: 'order' }),
      n('sorry', 'message', { text: 'Sorry ({{error.code}}, {{error.attempts}} tries): {{error.message}}' }),
    ],
    [e('start', 'next', 'lookup'), e('lookup', 'error', 'sorry')],
  );
  const start = {
    type: 'start' as const,
    runId: 'r',
    trigger: 'message' as const,
    contact: { phone: '+27740000001', name: 'Ana' },
    message: { type: 'text' as const, text: 'hi', at: START_AT },
  };

  it('records code, message and attempts on the error exit, and the next steps read them as {{error.*}}', async () => {
    const started = await step(flow, null, start, START_AT);
    const call = started.effects.find((effect) => effect.type === 'activity.call');
    const failed = await step(
      flow,
      started.state,
      {
        type: 'activity.result',
        requestId: call!.type === 'activity.call' ? call!.id : '',
        ok: false,
        error: { code: 'ACTIVITY_FAILED', message: 'shop answered 500 (after 3 attempts)', attempts: 3 },
      },
      START_AT,
    );
    expect(failed.trace).toContainEqual({
      at: START_AT,
      nodeId: 'lookup',
      kind: 'exit',
      port: 'error',
      error: {
        code: 'ACTIVITY_FAILED',
        message: 'shop answered 500 (after 3 attempts)',
        attempts: 3,
        nodeId: 'lookup',
      },
    });
    const sent = failed.effects.find(
      (effect): effect is Extract<Effect, { type: 'send' }> => effect.type === 'send',
    );
    expect(sent?.message).toMatchObject({
      text: 'Sorry (ACTIVITY_FAILED, 3 tries): shop answered 500 (after 3 attempts)',
    });
    // A port other than error carries no error on its exit.
    expect(started.trace.filter((entry) => entry.error)).toEqual([]);
  });

  it('reads as empty before any step failed', async () => {
    const quiet = makeFlow(
      [anyMessage(), n('hello', 'message', { text: 'code=[{{error.code}}]' })],
      [e('start', 'next', 'hello')],
    );
    const started = await step(quiet, null, start, START_AT);
    const sent = started.effects.find(
      (effect): effect is Extract<Effect, { type: 'send' }> => effect.type === 'send',
    );
    expect(sent?.message).toMatchObject({ text: 'code=[]' });
  });
});
