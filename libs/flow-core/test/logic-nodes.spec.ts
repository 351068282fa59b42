import { anyMessage, e, makeFlow, n, path } from './support/flow-builder';
import { HOUR, at, runScript, seen } from './support/run-script';

describe('condition node', () => {
  const rules = [
    { id: 'big', when: 'vars.budget >= 1000' },
    { id: 'some', when: 'vars.budget > 0' },
    { id: 'named', when: 'contact.name = "Ana"' },
  ];
  const flow = (edges = ['big', 'some', 'named', 'else']) =>
    makeFlow(
      [
        anyMessage(),
        n('ask', 'question', { text: 'Budget?', save: 'budget', expect: 'number' }),
        n('check', 'condition', { rules }),
        ...edges.map((port) => n(`to_${port}`, 'message', { text: `port ${port}` })),
      ],
      [
        e('start', 'next', 'ask'),
        e('ask', 'answered', 'check'),
        ...edges.map((port) => e('check', port, `to_${port}`)),
      ],
    );

  it.each([
    ['5000', { name: 'Ana' }, 'port big'],
    ['10', { name: 'Ana' }, 'port some'],
    ['0', { name: 'Ana' }, 'port named'],
    ['0', { name: 'Bo' }, 'port else'],
  ])('budget %s for %j: the first rule that holds wins (%s)', async (budget, contact, expected) => {
    const transcript = await runScript(flow(), [{ user: 'hi' }, { user: budget }], {
      phone: '+27740000001',
      ...contact,
    });
    expect(seen(transcript).at(-1)).toBe(expected);
  });

  it('a rule that holds but has no edge completes the run at the condition', async () => {
    const transcript = await runScript(flow(['some', 'else']), [{ user: 'hi' }, { user: '5000' }]);
    expect(seen(transcript)).toEqual(['Budget?']);
    expect(transcript.run).toMatchObject({ status: 'completed', node: 'check' });
  });

  it('an expression that fails at run time fails the run with EXPRESSION_ERROR naming the node', async () => {
    const bad = makeFlow(
      [
        anyMessage(),
        n('check', 'condition', { rules: [{ id: 'x', when: '$number("abc") > 1' }] }),
        n('to_x', 'end'),
      ],
      path(['start', 'next', 'check'], ['check', 'x', 'to_x']),
    );
    const transcript = await runScript(bad, [{ user: 'hi' }]);
    expect(transcript.run).toMatchObject({
      status: 'failed',
      node: 'check',
      error: { code: 'EXPRESSION_ERROR' },
    });
    expect(transcript.run?.error?.message).toContain('"check"');
  });
});

describe('set node', () => {
  it('assigns in order, later assignments seeing earlier ones, and goes on by "next"', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('calc', 'set', {
          assign: { base: '100', total: 'vars.base * 2', greeting: '"Hi " & contact.name' },
        }),
        n('show', 'message', { text: '{{vars.greeting}}: {{vars.total}}' }),
      ],
      path(['start', 'next', 'calc'], ['calc', 'next', 'show']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }]);
    expect(seen(transcript)).toEqual(['Hi Ana: 200']);
    expect(transcript.run).toMatchObject({
      status: 'completed',
      vars: { base: 100, total: 200, greeting: 'Hi Ana' },
    });
  });

  it('with no edge from "next" the run completes at the node', async () => {
    const flow = makeFlow(
      [anyMessage(), n('calc', 'set', { assign: { a: '1' } })],
      path(['start', 'next', 'calc']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }]);
    expect(transcript.run).toMatchObject({ status: 'completed', node: 'calc', vars: { a: 1 } });
  });
});

describe('expression context', () => {
  it('exposes contact, vars, the latest message and the simulated clock as now / $now()', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('ask', 'question', { text: 'Pick', buttons: [{ id: 'b1', title: 'First' }] }),
        n('calc', 'set', {
          assign: {
            when: 'now',
            clock: '$now()',
            said: 'message.text',
            tapped: 'message.buttonId',
            kind: 'message.type',
            phone: 'contact.phone',
          },
        }),
      ],
      path(['start', 'next', 'ask'], ['ask', 'answered', 'calc']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '90m' }, { user: { button: 'b1' } }]);
    expect(transcript.run?.vars).toEqual({
      when: at(1.5 * HOUR),
      clock: at(1.5 * HOUR),
      said: 'First',
      tapped: 'b1',
      kind: 'button',
      phone: '+27740000001',
    });
  });
});

describe('crm node', () => {
  it('updates fields, name and tags, and later expressions see them', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('ask', 'question', { text: 'Email?', save: 'email', expect: 'email' }),
        n('save', 'crm', {
          set: { email: 'vars.email', name: '"Ana Lima"', score: '7 * 6' },
          addTags: ['lead', 'vip', 'cold'],
          removeTags: ['cold'],
          stage: 'qualified',
        }),
        n('show', 'message', {
          text: '{{contact.name}} {{contact.email}} {{contact.score}} {{contact.stage}} {{$join(contact.tags, ",")}}',
        }),
      ],
      path(['start', 'next', 'ask'], ['ask', 'answered', 'save'], ['save', 'next', 'show']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { user: 'ANA@EXAMPLE.COM' }]);
    expect(seen(transcript).at(-1)).toBe('Ana Lima ana@example.com 42 qualified lead,vip');
    expect(transcript.run?.status).toBe('completed');
  });
});

describe('wait node', () => {
  const flow = (interruptOnReply: boolean) =>
    makeFlow(
      [
        anyMessage(),
        n('pause', 'wait', { duration: '3h', interruptOnReply }),
        n('later', 'message', { text: 'elapsed' }),
        n('early', 'message', { text: 'replied' }),
      ],
      [
        e('start', 'next', 'pause'),
        e('pause', 'elapsed', 'later'),
        ...(interruptOnReply ? [e('pause', 'replied', 'early')] : []),
      ],
    );

  it('leaves by "elapsed" after the duration, at the due time', async () => {
    const transcript = await runScript(flow(false), [{ user: 'hi' }, { wait: '2h' }]);
    expect(transcript.run).toMatchObject({ status: 'waiting', node: 'pause' });
    const done = await runScript(flow(false), [{ user: 'hi' }, { wait: '4h' }]);
    expect(done.events.at(-1)).toMatchObject({ text: 'elapsed', at: at(3 * HOUR) });
  });

  it('with interruptOnReply a reply leaves by "replied" and the timer no longer fires', async () => {
    const transcript = await runScript(flow(true), [
      { user: 'hi' },
      { wait: '1h' },
      { user: 'back' },
      { wait: '5h' },
    ]);
    expect(seen(transcript)).toEqual(['replied']);
    expect(transcript.run).toMatchObject({ status: 'completed', node: 'early' });
  });

  it('without interruptOnReply a reply is ignored and the wait runs its full time', async () => {
    const transcript = await runScript(flow(false), [
      { user: 'hi' },
      { wait: '1h' },
      { user: 'back' },
      { wait: '5h' },
    ]);
    expect(seen(transcript)).toEqual(['elapsed']);
  });
});
