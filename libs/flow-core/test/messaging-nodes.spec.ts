import { anyMessage, e, FALLBACK, makeFlow, n, path, STILL_INTERESTED } from './support/flow-builder';
import { step, type Flow } from '../src';
import { MINUTE, at, outbound, runScript, seen } from './support/run-script';
import { inbound, sentLines, start } from './support/step-driver';

describe('trigger node', () => {
  it('leaves by "next" on the first message; with no edge the run completes at once', async () => {
    const withEdge = makeFlow(
      [anyMessage(), n('hello', 'message', { text: 'Hello' })],
      path(['start', 'next', 'hello']),
    );
    expect(seen(await runScript(withEdge, [{ user: 'hi' }]))).toEqual(['Hello']);
    const alone = await runScript(makeFlow([anyMessage()], []), [{ user: 'hi' }]);
    expect(alone.run).toMatchObject({ status: 'completed', node: 'start' });
  });

  it('an edge saved without a sourceHandle leaves by the only port', async () => {
    const flow = makeFlow(
      [anyMessage(), n('hello', 'message', { text: 'Hello' })],
      [e('start', null, 'hello')],
    );
    expect(seen(await runScript(flow, [{ user: 'hi' }]))).toEqual(['Hello']);
  });

  it('an api trigger starts from a lead with its fields', async () => {
    const flow = makeFlow(
      [
        n('start', 'trigger', { on: 'api' }),
        n('hello', 'template', {
          template: { name: 'welcome', language: 'en', params: ['{{contact.source}}'] },
        }),
      ],
      path(['start', 'next', 'hello']),
    );
    const transcript = await runScript(flow, [{ lead: { fields: { source: 'web-form' } } }]);
    expect(outbound(transcript)[0]).toMatchObject({
      type: 'template',
      template: { name: 'welcome', params: ['web-form'] },
    });
  });
});

describe('message node', () => {
  const send = (data: Record<string, unknown>) =>
    runScript(
      makeFlow(
        [anyMessage(), n('say', 'message', data), n('after', 'end')],
        path(['start', 'next', 'say'], ['say', 'next', 'after']),
      ),
      [{ user: 'hi' }],
    );

  it.each([
    ['text', { text: 'Hello {{contact.name}}' }, { type: 'text', text: 'Hello Ana' }],
    [
      'media',
      {
        media: { kind: 'image', url: 'https://x.test/{{contact.name}}.png', caption: 'For {{contact.name}}' },
      },
      { type: 'media', media: { kind: 'image', url: 'https://x.test/Ana.png', caption: 'For Ana' } },
    ],
    [
      'buttons',
      { text: 'Pick', buttons: [{ id: 'a', title: 'A' }] },
      { type: 'interactive', text: 'Pick', buttons: [{ id: 'a', title: 'A' }] },
    ],
    [
      'list',
      { text: 'Pick', list: { button: 'Menu', sections: [{ rows: [{ id: 'r1', title: 'Row 1' }] }] } },
      {
        type: 'interactive',
        text: 'Pick',
        list: { button: 'Menu', sections: [{ rows: [{ id: 'r1', title: 'Row 1' }] }] },
      },
    ],
  ])('sends %s and goes on by "next"', async (_kind, data, message) => {
    const transcript = await send(data);
    expect(outbound(transcript)).toEqual([
      { at: '2026-01-05T09:00:00.000Z', dir: 'out', node: 'say', ...message },
    ]);
    expect(transcript.run).toMatchObject({ status: 'completed', node: 'after' });
  });

  describe('after the window closed', () => {
    const late = (
      data: Record<string, unknown>,
      extra: { edges?: ReturnType<typeof e>[]; settings?: Flow['settings'] } = {},
    ) =>
      runScript(
        makeFlow(
          [
            anyMessage(),
            n('pause', 'wait', { duration: '2d' }),
            n('say', 'message', data),
            n('after', 'end'),
            n('closed', 'handoff'),
          ],
          [
            ...path(['start', 'next', 'pause'], ['pause', 'elapsed', 'say'], ['say', 'next', 'after']),
            ...(extra.edges ?? []),
          ],
          extra.settings,
        ),
        [{ user: 'hi' }, { wait: '2d' }],
      );

    it('sends the node\'s fallbackTemplate instead and goes on by "next"', async () => {
      const transcript = await late(
        { text: 'Hello', fallbackTemplate: FALLBACK },
        { settings: { reengagementTemplate: STILL_INTERESTED } },
      );
      expect(seen(transcript)).toEqual(['template:node_fallback']);
      expect(transcript.run).toMatchObject({ status: 'completed', node: 'after' });
    });

    it("sends the flow's reengagementTemplate with its params interpolated when the node has none", async () => {
      const transcript = await late(
        { text: 'Hello' },
        { settings: { reengagementTemplate: STILL_INTERESTED } },
      );
      expect(outbound(transcript)).toMatchObject([
        { type: 'template', template: { name: 'still_interested', params: ['Ana'] } },
      ]);
      expect(transcript.run?.node).toBe('after');
    });

    it('leaves by "window_closed" when there is no template but that edge exists', async () => {
      const transcript = await late({ text: 'Hello' }, { edges: [e('say', 'window_closed', 'closed')] });
      expect(seen(transcript)).toEqual([]);
      expect(transcript.run).toMatchObject({ status: 'handoff', node: 'closed' });
    });

    it('fails the run with WINDOW_CLOSED_NO_TEMPLATE with neither', async () => {
      const transcript = await late({ text: 'Hello' });
      expect(seen(transcript)).toEqual([]);
      expect(transcript.run).toMatchObject({
        status: 'failed',
        node: 'say',
        error: { code: 'WINDOW_CLOSED_NO_TEMPLATE' },
      });
    });
  });
});

describe('template node', () => {
  it('sends the template at any time (also after 24 h) and goes on by "next"', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('pause', 'wait', { duration: '3d' }),
        n('nudge', 'template', {
          template: {
            name: 'promo',
            language: 'pt_BR',
            params: ['{{contact.name}}'],
            header: 'Hi {{contact.name}}',
          },
        }),
        n('after', 'end'),
      ],
      path(['start', 'next', 'pause'], ['pause', 'elapsed', 'nudge'], ['nudge', 'next', 'after']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '3d' }]);
    expect(outbound(transcript)).toMatchObject([
      {
        node: 'nudge',
        type: 'template',
        template: { name: 'promo', language: 'pt_BR', params: ['Ana'], header: 'Hi Ana' },
      },
    ]);
    expect(transcript.run).toMatchObject({ status: 'completed', node: 'after' });
  });
});

describe('end and handoff nodes', () => {
  it('end completes the run', async () => {
    const flow = makeFlow(
      [anyMessage(), n('bye', 'message', { text: 'Bye' }), n('done', 'end')],
      path(['start', 'next', 'bye'], ['bye', 'next', 'done']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }]);
    expect(transcript.run).toMatchObject({ status: 'completed', node: 'done' });
  });

  it('handoff stops the bot: status "handoff", later messages get no bot reply and start no new run', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('human', 'handoff', { note: 'Call {{contact.name}}' }),
        n('never', 'message', { text: 'bot' }),
      ],
      path(['start', 'next', 'human']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { user: 'hello?' }]);
    expect(transcript.run).toMatchObject({ status: 'handoff', node: 'human' });
    expect(outbound(transcript)).toEqual([]);
  });

  it('handoff hands the note, interpolated, to the engine', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('ask', 'question', { text: 'Q?', save: 'answer' }),
        n('human', 'handoff', { note: 'Call {{contact.name}} about {{vars.answer}}' }),
      ],
      path(['start', 'next', 'ask'], ['ask', 'answered', 'human']),
    );
    const started = await start(flow);
    const handed = await inbound(flow, started.state, 'solar panels', at(MINUTE));
    expect(handed.effects).toContainEqual({
      type: 'run.handoff',
      nodeId: 'human',
      note: 'Call Ana about solar panels',
    });
    expect(handed.state).toMatchObject({ status: 'handoff', node: 'human' });
  });

  it('after a handoff, "resume" at a node runs the bot from there; "resume" without a node completes the run', async () => {
    const flow = makeFlow(
      [anyMessage(), n('human', 'handoff'), n('back', 'message', { text: 'The bot is back' })],
      path(['start', 'next', 'human']),
    );
    const started = await start(flow);
    const resumed = await step(flow, started.state, { type: 'resume', nodeId: 'back' }, at(MINUTE));
    expect(sentLines(resumed.effects)).toEqual(['The bot is back']);
    expect(resumed.state).toMatchObject({ status: 'completed', node: 'back' });
    const closed = await step(flow, started.state, { type: 'resume' }, at(MINUTE));
    expect(closed.state).toMatchObject({ status: 'completed', node: 'human' });
  });

  it('"cancel" ends a waiting run as cancelled and cancels its timers', async () => {
    const flow = makeFlow(
      [anyMessage(), n('pause', 'wait', { duration: '1d' })],
      path(['start', 'next', 'pause']),
    );
    const started = await start(flow);
    const cancelled = await step(flow, started.state, { type: 'cancel', reason: 'opted out' }, at(MINUTE));
    expect(cancelled.state).toMatchObject({ status: 'cancelled', timers: [], error: { code: 'CANCELLED' } });
    expect(cancelled.effects.map((effect) => effect.type)).toEqual(['timer.cancel', 'run.end']);
  });
});
