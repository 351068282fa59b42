import { fallbackTemplateParams, simulate, validateFlow, type Flow, type FlowNode } from '../src';
import { anyMessage, e, makeFlow, n } from './support/flow-builder';

const REMINDER = { body: 'Hi {{1}}, a message from us is waiting: {{2}}. Reply to read it.', bodyParams: 2 };

/** trigger → ask (saves `save`) and, after `via` (its answer or its timeout), a 2-day wait → nudge. */
function askThenNudge(save: string, via: 'answered' | 'timeout', nudge: FlowNode): Flow {
  return makeFlow(
    [
      anyMessage(),
      n('ask', 'question', { text: 'What is your name?', save, timeout: '1h' }),
      n('pause', 'wait', { duration: '2d' }),
      nudge,
    ],
    [e('start', 'next', 'ask'), e('ask', via, 'pause'), e('pause', 'elapsed', nudge.id)],
  );
}

const nudge = n('nudge', 'message', { text: 'Your quote is ready.\n\nTap   below to see it.' });

describe('fallbackTemplateParams: the W24H fix fills every body parameter', () => {
  it('puts the contact name where the body greets the reader and the message, on one line, elsewhere', () => {
    const flow = askThenNudge('email', 'answered', nudge);
    expect(fallbackTemplateParams(flow, REMINDER, 'nudge')).toEqual([
      '{{contact.name}}',
      'Your quote is ready. Tap below to see it.',
    ]);
  });

  it('uses the answer to a name question when every path to the node goes through that answer', () => {
    expect(fallbackTemplateParams(askThenNudge('name', 'answered', nudge), REMINDER, 'nudge')[0]).toBe(
      '{{vars.name}}',
    );
    expect(fallbackTemplateParams(askThenNudge('first_name', 'answered', nudge), REMINDER, 'nudge')[0]).toBe(
      '{{vars.first_name}}',
    );
    // Reached when the question timed out: nothing was saved, the profile name is all there is.
    expect(fallbackTemplateParams(askThenNudge('name', 'timeout', nudge), REMINDER, 'nudge')[0]).toBe(
      '{{contact.name}}',
    );
  });

  it('does not count on the answer when another path reaches the node without it', () => {
    const flow = askThenNudge('name', 'answered', nudge);
    flow.edges.push(e('ask', 'timeout', 'pause'));
    expect(fallbackTemplateParams(flow, REMINDER, 'nudge')[0]).toBe('{{contact.name}}');
    // The question asking for the name is not yet answered when it is itself the message fixed.
    expect(fallbackTemplateParams(flow, REMINDER, 'ask')).toEqual(['{{contact.name}}', 'What is your name?']);
    // A variable that is not a name is never used as one.
    expect(
      fallbackTemplateParams(askThenNudge('company_name', 'answered', nudge), REMINDER, 'nudge')[0],
    ).toBe('{{contact.name}}');
  });

  it.each([
    ['Olá {{1}}, ainda tem interesse?', ['{{contact.name}}']],
    ['Thank you, {{1}}! {{2}}', ['{{contact.name}}', 'Your quote is ready. Tap below to see it.']],
    ['{{1}}, your request is still open.', ['{{contact.name}}']],
    ['Name: {{1}}. Update: {{2}}', ['{{contact.name}}', 'Your quote is ready. Tap below to see it.']],
    ['We have news about {{1}}.', ['Your quote is ready. Tap below to see it.']],
    ['This is {{1}} from the team', ['Your quote is ready. Tap below to see it.']],
  ])('reads "%s" for what each parameter is', (body, expected) => {
    const flow = askThenNudge('email', 'answered', nudge);
    expect(fallbackTemplateParams(flow, { body, bodyParams: expected.length }, 'nudge')).toEqual(expected);
  });

  it('takes the first parameter as the name when the body is not known, and a caption for media', () => {
    const photo = n('nudge', 'message', {
      media: { kind: 'image', url: 'https://x.test/a.png', caption: 'New offer' },
    });
    expect(
      fallbackTemplateParams(askThenNudge('email', 'answered', photo), { bodyParams: 3 }, 'nudge'),
    ).toEqual(['{{contact.name}}', 'New offer', 'New offer']);
    expect(
      fallbackTemplateParams(askThenNudge('email', 'answered', photo), { bodyParams: 0 }, 'nudge'),
    ).toEqual([]);
  });

  it("says the flow's name in the flow's re-engagement template, which stands in for any message", () => {
    const flow = askThenNudge('name', 'answered', nudge);
    expect(fallbackTemplateParams(flow, REMINDER)).toEqual(['{{contact.name}}', 'Test flow']);
  });

  it('gives a fallback that clears W24H and reaches the contact complete after the window closed', async () => {
    const flow = askThenNudge('name', 'answered', nudge);
    const template = {
      name: 'still_interested',
      language: 'en',
      params: fallbackTemplateParams(flow, REMINDER, 'nudge'),
    };
    flow.nodes[3] = { ...nudge, data: { ...nudge.data, fallbackTemplate: template } };
    const checked = validateFlow(flow);
    expect(checked.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('W24H');

    const transcript = await simulate(checked.flow!, {
      contact: { phone: '+27740000001', name: 'Profile' },
      steps: [{ user: 'hi' }, { user: 'Ana' }, { wait: '3d' }],
    });
    expect(transcript.events.at(-1)).toMatchObject({
      node: 'nudge',
      type: 'template',
      template: { name: 'still_interested', params: ['Ana', 'Your quote is ready. Tap below to see it.'] },
    });
  });
});
