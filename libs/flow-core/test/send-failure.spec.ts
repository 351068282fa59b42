import { step, type Flow, type FlowNode } from '../src';
import { anyMessage, e, FALLBACK, makeFlow, n, path, STILL_INTERESTED } from './support/flow-builder';
import { MINUTE, at } from './support/run-script';
import { inbound, sends, sentLines, start, windowClosed, withoutClock } from './support/step-driver';

/** The provider refused a message the engine sent inside the window (Meta 131047, Twilio 63016). */
describe('131047 after a question prompt', () => {
  const flow = (question: Record<string, unknown>, settings?: Flow['settings']) =>
    makeFlow(
      [
        anyMessage(),
        n('ask', 'question', { text: 'Your budget?', save: 'budget', expect: 'number', ...question }),
        n('thanks', 'message', { text: 'Got {{vars.budget}}' }),
      ],
      path(['start', 'next', 'ask'], ['ask', 'answered', 'thanks']),
      settings,
    );

  it.each([
    [
      "the node's fallbackTemplate",
      flow({ fallbackTemplate: FALLBACK }, { reengagementTemplate: STILL_INTERESTED }),
      'template:node_fallback',
    ],
    [
      "the flow's reengagementTemplate",
      flow({}, { reengagementTemplate: STILL_INTERESTED }),
      'template:still_interested',
    ],
  ])(
    'sends %s once, waits for the reply, then asks again and takes the answer',
    async (_label, questionFlow, template) => {
      const started = await start(questionFlow);
      const [prompt] = sends(started.effects);
      expect(prompt.message).toEqual({ type: 'text', text: 'Your budget?' });

      const refused = await step(questionFlow, started.state, windowClosed(prompt.id), at(MINUTE));
      expect(sentLines(refused.effects)).toEqual([template]);
      expect(refused.state).toMatchObject({
        status: 'waiting',
        node: 'ask',
        wait: { kind: 'question', phase: 'reengage' },
      });

      const again = await step(questionFlow, refused.state, windowClosed(prompt.id), at(2 * MINUTE));
      expect(again.effects).toEqual([]);
      expect(withoutClock(again.state)).toEqual(withoutClock(refused.state));

      const replied = await inbound(questionFlow, again.state, 'hello', at(3 * MINUTE));
      expect(sentLines(replied.effects)).toEqual(['Your budget?']);
      expect(replied.state.wait).toMatchObject({ kind: 'question', phase: 'answer' });

      const answered = await inbound(questionFlow, replied.state, '2500', at(4 * MINUTE));
      expect(sentLines(answered.effects)).toEqual(['Got 2500']);
      expect(answered.state).toMatchObject({ status: 'completed', vars: { budget: 2500 } });
    },
  );

  it('without a template it leaves by "window_closed", or fails with WINDOW_CLOSED_NO_TEMPLATE', async () => {
    const routed = makeFlow(
      [anyMessage(), n('ask', 'question', { text: 'Budget?' }), n('closed', 'handoff')],
      path(['start', 'next', 'ask'], ['ask', 'window_closed', 'closed']),
    );
    const started = await start(routed);
    const refused = await step(routed, started.state, windowClosed(sends(started.effects)[0].id), at(MINUTE));
    expect(refused.state).toMatchObject({ status: 'handoff', node: 'closed' });

    const bare = flow({});
    const bareStart = await start(bare);
    const failed = await step(
      bare,
      bareStart.state,
      windowClosed(sends(bareStart.effects)[0].id),
      at(MINUTE),
    );
    expect(failed.state).toMatchObject({
      status: 'failed',
      error: { code: 'WINDOW_CLOSED_NO_TEMPLATE', nodeId: 'ask' },
    });
  });

  it('a refusal of a message sent before the contact wrote again changes nothing', async () => {
    const questionFlow = flow({}, { reengagementTemplate: STILL_INTERESTED });
    const started = await start(questionFlow);
    const wrote = await inbound(questionFlow, started.state, 'lots', at(MINUTE));
    const refused = await step(
      questionFlow,
      wrote.state,
      windowClosed(sends(started.effects)[0].id),
      at(2 * MINUTE),
    );
    expect(refused.effects).toEqual([]);
    expect(refused.state.window.forcedClosed).toBe(false);
  });
});

describe('131047 for a message node the run already left', () => {
  /** trigger → message → question (the run waits at the question when the refusal arrives). */
  const flow = (
    message: Record<string, unknown>,
    extra: { nodes?: FlowNode[]; settings?: Flow['settings']; closedEdge?: boolean } = {},
  ) =>
    makeFlow(
      [
        anyMessage(),
        n('hello', 'message', { text: 'Hello!', ...message }),
        n('ask', 'question', { text: 'Name?' }),
        n('closed', 'handoff'),
        ...(extra.nodes ?? []),
      ],
      [
        ...path(['start', 'next', 'hello'], ['hello', 'next', 'ask']),
        ...(extra.closedEdge ? [e('hello', 'window_closed', 'closed')] : []),
      ],
      extra.settings,
    );

  async function refuseHello(f: Flow) {
    const started = await start(f);
    const hello = sends(started.effects).find((s) => s.nodeId === 'hello');
    expect(started.state).toMatchObject({ status: 'waiting', node: 'ask' });
    return step(f, started.state, windowClosed(hello?.id ?? ''), at(MINUTE));
  }

  it.each([
    ['fallbackTemplate', flow({ fallbackTemplate: FALLBACK }), 'template:node_fallback'],
    [
      'reengagementTemplate',
      flow({}, { settings: { reengagementTemplate: STILL_INTERESTED } }),
      'template:still_interested',
    ],
  ])('sends its %s and the run keeps waiting where it is', async (_label, f, template) => {
    const refused = await refuseHello(f);
    expect(sentLines(refused.effects)).toEqual([template]);
    expect(refused.state).toMatchObject({ status: 'waiting', node: 'ask' });
  });

  it('without any template but with a "window_closed" edge the run goes there', async () => {
    const refused = await refuseHello(flow({}, { closedEdge: true }));
    expect(sentLines(refused.effects)).toEqual([]);
    expect(refused.state).toMatchObject({ status: 'handoff', node: 'closed' });
  });

  it('with neither the run fails with WINDOW_CLOSED_NO_TEMPLATE at that node', async () => {
    const refused = await refuseHello(flow({}));
    expect(refused.state).toMatchObject({
      status: 'failed',
      node: 'hello',
      error: { code: 'WINDOW_CLOSED_NO_TEMPLATE', nodeId: 'hello' },
    });
    expect(refused.effects.at(-1)).toMatchObject({ type: 'run.end', status: 'failed' });
  });

  it('one re-engagement template per closed window: the refused question prompt then only waits for the reply', async () => {
    const f = flow({}, { settings: { reengagementTemplate: STILL_INTERESTED } });
    const started = await start(f);
    const [hello, prompt] = sends(started.effects);
    const first = await step(f, started.state, windowClosed(hello.id), at(MINUTE));
    const second = await step(f, first.state, windowClosed(prompt.id), at(MINUTE));
    expect(sentLines(second.effects)).toEqual([]);
    expect(second.state.wait).toMatchObject({ nodeId: 'ask', phase: 'reengage' });
  });
});

describe('131047 after the run completed', () => {
  const flow = (message: Record<string, unknown>) =>
    makeFlow(
      [anyMessage(), n('bye', 'message', { text: 'Bye!', ...message }), n('done', 'end')],
      path(['start', 'next', 'bye'], ['bye', 'next', 'done']),
    );

  it('still sends the fallback template; the run stays completed', async () => {
    const f = flow({ fallbackTemplate: FALLBACK });
    const started = await start(f);
    expect(started.state.status).toBe('completed');
    const refused = await step(f, started.state, windowClosed(sends(started.effects)[0].id), at(MINUTE));
    expect(sentLines(refused.effects)).toEqual(['template:node_fallback']);
    expect(refused.state.status).toBe('completed');
  });

  it('with no template at all it changes nothing (the run is over)', async () => {
    const f = flow({});
    const started = await start(f);
    const refused = await step(f, started.state, windowClosed(sends(started.effects)[0].id), at(MINUTE));
    expect(refused.effects).toEqual([]);
    expect(refused.state).toMatchObject({ status: 'completed', node: 'done' });
  });
});

describe('permanent send failures', () => {
  it('fail the run with SEND_FAILED naming the node and the provider code', async () => {
    const f = makeFlow(
      [anyMessage(), n('ask', 'question', { text: 'Name?' })],
      path(['start', 'next', 'ask']),
    );
    const started = await start(f);
    const failed = await step(
      f,
      started.state,
      {
        type: 'send.failed',
        effectId: sends(started.effects)[0].id,
        reason: 'permanent',
        code: '131026',
        message: 'Undeliverable',
      },
      at(MINUTE),
    );
    expect(failed.state).toMatchObject({ status: 'failed', error: { code: 'SEND_FAILED', nodeId: 'ask' } });
    expect(failed.state.error?.message).toContain('131026');
    expect(failed.effects).toContainEqual({ type: 'run.end', status: 'failed', error: failed.state.error });
  });

  it('an unknown effect id changes nothing', async () => {
    const f = makeFlow(
      [anyMessage(), n('ask', 'question', { text: 'Name?' })],
      path(['start', 'next', 'ask']),
    );
    const started = await start(f);
    const result = await step(
      f,
      started.state,
      { type: 'send.failed', effectId: 'nope', reason: 'permanent' },
      at(MINUTE),
    );
    expect(result.effects).toEqual([]);
    expect(withoutClock(result.state)).toEqual(withoutClock(started.state));
  });
});

describe('refusals that arrive after the run completed', () => {
  const flow = makeFlow(
    [anyMessage(), n('bye', 'message', { text: 'Bye!' })],
    path(['start', 'next', 'bye']),
    { reengagementTemplate: STILL_INTERESTED },
  );

  it('a window refusal still sends the re-engagement template, and the run stays completed', async () => {
    const started = await start(flow);
    expect(started.state.status).toBe('completed');
    const [bye] = sends(started.effects);
    const refused = await step(flow, started.state, windowClosed(bye.id), at(MINUTE));
    expect(sentLines(refused.effects)).toEqual(['template:still_interested']);
    expect(refused.state.status).toBe('completed');
  });

  it('a permanent refusal changes nothing: the run is over and the message row records the failure', async () => {
    const started = await start(flow);
    const [bye] = sends(started.effects);
    const refused = await step(
      flow,
      started.state,
      {
        type: 'send.failed',
        effectId: bye.id,
        reason: 'permanent',
        code: '131026',
        message: 'undeliverable',
      },
      at(MINUTE),
    );
    expect(refused.effects).toEqual([]);
    expect(refused.state.status).toBe('completed');
  });
});

describe('a refused template fails the run (nothing is left to fall back to)', () => {
  const flow = makeFlow(
    [
      anyMessage(),
      n('ask', 'question', { text: 'Your budget?', save: 'budget', fallbackTemplate: FALLBACK }),
      n('thanks', 'message', { text: 'Thanks' }),
    ],
    path(['start', 'next', 'ask'], ['ask', 'answered', 'thanks']),
  );

  async function fallbackSent() {
    const started = await start(flow);
    const refused = await step(flow, started.state, windowClosed(sends(started.effects)[0].id), at(MINUTE));
    const [template] = sends(refused.effects);
    expect(template.message.type).toBe('template');
    expect(refused.state.status).toBe('waiting');
    return { state: refused.state, templateId: template.id };
  }

  it.each([
    ['unknown on the channel', 'TEMPLATE_UNKNOWN', 'permanent'],
    ['not approved', 'TEMPLATE_NOT_APPROVED', 'permanent'],
    ['refused by the provider (Twilio 63016 for unapproved content)', '63016', 'window_closed'],
  ] as const)('when it is %s: SEND_FAILED on the node', async (_label, code, reason) => {
    const { state, templateId } = await fallbackSent();
    const failed = await step(
      flow,
      state,
      { type: 'send.failed', effectId: templateId, reason, code, message: 'refused' },
      at(2 * MINUTE),
    );
    expect(failed.state).toMatchObject({
      status: 'failed',
      error: { code: 'SEND_FAILED', nodeId: 'ask' },
    });
    expect(failed.state.error?.message).toContain(`WhatsApp refused the template of "ask" (error ${code})`);
    // A second report of the same refusal changes nothing.
    const again = await step(
      flow,
      failed.state,
      { type: 'send.failed', effectId: templateId, reason, code },
      at(3 * MINUTE),
    );
    expect(again.effects).toEqual([]);
  });
});
