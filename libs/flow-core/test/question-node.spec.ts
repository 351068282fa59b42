import { defaultInvalidText, step } from '../src';
import { anyMessage, e, makeFlow, n, path } from './support/flow-builder';
import { HOUR, runScript, seen } from './support/run-script';

const YES_NO = [
  { id: 'yes', title: 'Yes please' },
  { id: 'no', title: 'No thanks' },
];

/** trigger → question → one message node per port, so the transcript shows which port was taken. */
function questionFlow(data: Record<string, unknown>, ports: string[]) {
  return makeFlow(
    [
      anyMessage(),
      n('ask', 'question', data),
      ...ports.map((port) => n(`after_${port.replace(':', '_')}`, 'message', { text: `took ${port}` })),
    ],
    [e('start', 'next', 'ask'), ...ports.map((port) => e('ask', port, `after_${port.replace(':', '_')}`))],
  );
}

describe('question node: answered', () => {
  it('saves the reply and leaves by "answered"; a later text sees the variable', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('ask', 'question', { text: 'Your name?', save: 'name' }),
        n('thanks', 'message', { text: 'Thanks {{vars.name}}' }),
      ],
      path(['start', 'next', 'ask'], ['ask', 'answered', 'thanks']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { user: '  Ana Lima ' }]);
    expect(seen(transcript)).toEqual(['Your name?', 'Thanks Ana Lima']);
    expect(transcript.run).toMatchObject({ status: 'completed', node: 'thanks', vars: { name: 'Ana Lima' } });
  });

  it('waits (status "waiting" at the question) until the contact replies', async () => {
    const transcript = await runScript(questionFlow({ text: 'Your name?', save: 'name' }, ['answered']), [
      { user: 'hi' },
    ]);
    expect(transcript.run).toMatchObject({ status: 'waiting', node: 'ask', vars: {} });
  });

  it.each([
    ['number', {}, 'about 1,500', 1500],
    ['number', {}, '42', 42],
    ['date', {}, '3/2/2026', '2026-02-03'],
    ['date', {}, '2026-12-31', '2026-12-31'],
    ['phone', {}, '074 000 0002', '+27740000002'],
    ['phone', {}, '+44 20 7946 0958', '+442079460958'],
    ['email', {}, ' Ana.Lima@Example.COM ', 'ana.lima@example.com'],
    ['text', {}, '  hello there ', 'hello there'],
    ['regex', { pattern: '[A-Z]{2}\\d{4}' }, 'AB1234', 'AB1234'],
    ['choice', { buttons: YES_NO }, 'no thanks', 'no'],
    ['choice', { buttons: YES_NO }, '1', 'yes'],
  ])('expect %s %j: the reply %j is saved as %j', async (expect_, extra, reply, saved) => {
    const flow = questionFlow({ text: 'Tell me', save: 'answer', expect: expect_, ...extra }, ['answered']);
    const transcript = await runScript(flow, [{ user: 'hi' }, { user: reply }]);
    expect(transcript.run?.vars.answer).toStrictEqual(saved);
    expect(transcript.run?.status).toBe('completed');
  });
});

describe('question node: invalid', () => {
  it.each([0, 1, 2, 3])(
    'with retries %i: re-asks after each of that many invalid replies, then leaves by "invalid"',
    async (retries) => {
      const flow = questionFlow(
        {
          text: 'How many seats?',
          save: 'seats',
          expect: 'number',
          retries,
          invalidText: 'Numbers only, {{contact.name}}.',
        },
        ['answered', 'invalid'],
      );
      const replies = Array.from({ length: retries + 1 }, (_, i) => ({ user: `lots ${'x'.repeat(i)}` }));
      const transcript = await runScript(flow, [{ user: 'hi' }, ...replies]);
      const reask = Array.from({ length: retries }, () => ['Numbers only, Ana.', 'How many seats?']).flat();
      expect(seen(transcript)).toEqual(['How many seats?', ...reask, 'took invalid']);
      expect(transcript.run).toMatchObject({ status: 'completed', node: 'after_invalid', vars: {} });
    },
  );

  it('a valid reply after some invalid ones still leaves by "answered"', async () => {
    const flow = questionFlow({ text: 'How many seats?', save: 'seats', expect: 'number', retries: 2 }, [
      'answered',
      'invalid',
    ]);
    const transcript = await runScript(flow, [{ user: 'hi' }, { user: 'many' }, { user: '12' }]);
    expect(seen(transcript)).toEqual([
      'How many seats?',
      defaultInvalidText('number'),
      'How many seats?',
      'took answered',
    ]);
    expect(transcript.run?.vars.seats).toBe(12);
  });

  it('defaults to 2 retries and a sensible invalid text for the expected kind', async () => {
    const flow = questionFlow({ text: 'Email?', save: 'email', expect: 'email' }, ['answered', 'invalid']);
    const transcript = await runScript(flow, [
      { user: 'hi' },
      { user: 'no' },
      { user: 'nope' },
      { user: 'never' },
    ]);
    const invalidText = defaultInvalidText('email');
    expect(seen(transcript)).toEqual([
      'Email?',
      invalidText,
      'Email?',
      invalidText,
      'Email?',
      'took invalid',
    ]);
  });

  it('with no "invalid" edge, running out of retries completes the run at the question', async () => {
    const flow = questionFlow({ text: 'Age?', save: 'age', expect: 'number', retries: 0 }, ['answered']);
    const transcript = await runScript(flow, [{ user: 'hi' }, { user: 'old' }]);
    expect(transcript.run).toMatchObject({ status: 'completed', node: 'ask' });
  });
});

describe('question node: timeout and window_closed', () => {
  it('leaves by "timeout" when no reply comes within the timeout, not before', async () => {
    const flow = questionFlow({ text: 'Still there?', save: 'x', timeout: '2h' }, ['answered', 'timeout']);
    const early = await runScript(flow, [{ user: 'hi' }, { wait: '119m' }]);
    expect(early.run).toMatchObject({ status: 'waiting', node: 'ask' });
    const late = await runScript(flow, [{ user: 'hi' }, { wait: '2h' }]);
    expect(seen(late)).toEqual(['Still there?', 'took timeout']);
    expect(late.events.at(-1)?.at).toBe(
      new Date(Date.parse('2026-01-05T09:00:00Z') + 2 * HOUR).toISOString(),
    );
  });

  it('a reply in time cancels the timeout', async () => {
    const flow = questionFlow({ text: 'Still there?', save: 'x', timeout: '2h' }, ['answered', 'timeout']);
    const transcript = await runScript(flow, [
      { user: 'hi' },
      { wait: '1h' },
      { user: 'yes' },
      { wait: '5h' },
    ]);
    expect(seen(transcript)).toEqual(['Still there?', 'took answered']);
  });

  it('leaves by "window_closed" when asked after the window closed with no template at all', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('pause', 'wait', { duration: '25h' }),
        n('ask', 'question', { text: 'Still keen?' }),
        n('closed', 'handoff', {}),
      ],
      path(['start', 'next', 'pause'], ['pause', 'elapsed', 'ask'], ['ask', 'window_closed', 'closed']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '25h' }]);
    expect(seen(transcript)).toEqual([]);
    expect(transcript.run).toMatchObject({ status: 'handoff', node: 'closed' });
  });

  it('without a "window_closed" edge or template the run fails with WINDOW_CLOSED_NO_TEMPLATE', async () => {
    const flow = makeFlow(
      [anyMessage(), n('pause', 'wait', { duration: '25h' }), n('ask', 'question', { text: 'Still keen?' })],
      path(['start', 'next', 'pause'], ['pause', 'elapsed', 'ask']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '25h' }]);
    expect(transcript.run).toMatchObject({
      status: 'failed',
      node: 'ask',
      error: { code: 'WINDOW_CLOSED_NO_TEMPLATE' },
    });
    expect(transcript.run?.error?.message).toContain('"ask"');
  });
});

describe('question node: option ports', () => {
  const withOptionEdge = () =>
    questionFlow({ text: 'Interested?', buttons: YES_NO, save: 'choice' }, ['answered', 'option:yes']);

  it('sends the question as an interactive message with its buttons', async () => {
    const transcript = await runScript(withOptionEdge(), [{ user: 'hi' }]);
    expect(transcript.events[1]).toMatchObject({ type: 'interactive', text: 'Interested?', buttons: YES_NO });
  });

  it.each([
    ['a tap with an option edge', { button: 'yes' }, 'took option:yes', 'yes'],
    ['a tap without that edge', { button: 'no' }, 'took answered', 'no'],
    ['the typed title', 'yes please!', 'took option:yes', 'yes'],
    ['the typed number', '1', 'took option:yes', 'yes'],
    ['the typed number of an option without edge', '2', 'took answered', 'no'],
  ])('%s leaves by the right port', async (_label, reply, port, saved) => {
    const transcript = await runScript(withOptionEdge(), [{ user: 'hi' }, { user: reply }]);
    expect(seen(transcript).at(-1)).toBe(port);
    expect(transcript.run?.vars.choice).toBe(saved);
  });

  it('list rows work like buttons', async () => {
    const list = {
      button: 'Plans',
      sections: [
        {
          title: 'Plans',
          rows: [
            { id: 'basic', title: 'Basic' },
            { id: 'pro', title: 'Pro' },
          ],
        },
      ],
    };
    const flow = questionFlow({ text: 'Which plan?', list, save: 'plan' }, ['answered', 'option:pro']);
    const tap = await runScript(flow, [{ user: 'hi' }, { user: { list: 'pro' } }]);
    expect(seen(tap).at(-1)).toBe('took option:pro');
    const typed = await runScript(flow, [{ user: 'hi' }, { user: 'basic' }]);
    expect(seen(typed).at(-1)).toBe('took answered');
    expect(typed.run?.vars.plan).toBe('basic');
  });

  it('an unknown typed choice is invalid and re-asks with the options listed', async () => {
    const transcript = await runScript(withOptionEdge(), [{ user: 'hi' }, { user: 'maybe' }]);
    expect(seen(transcript)).toEqual([
      'Interested?',
      defaultInvalidText('choice', { options: YES_NO }),
      'Interested?',
    ]);
  });
});

describe('question node: the choice on the trace (per-button analytics)', () => {
  it('records the button tapped on the exit, also when that button has no connection of its own', async () => {
    const flow = questionFlow({ text: 'Want 20% off?', buttons: YES_NO, save: 'answer' }, [
      'answered',
      'option:yes',
    ]);
    const now = '2026-01-05T09:00:00.000Z';
    const tap = async (buttonId: string) => {
      const started = await step(
        flow,
        null,
        {
          type: 'start',
          runId: 'r1',
          trigger: 'message',
          contact: { phone: '+27740000001', name: 'Ana', lastInboundAt: now },
        },
        now,
      );
      const answered = await step(
        flow,
        started.state,
        { type: 'inbound', message: { type: 'button', text: buttonId, buttonId, at: now } },
        now,
      );
      return answered.trace.find((entry) => entry.kind === 'exit' && entry.nodeId === 'ask');
    };
    expect(await tap('yes')).toMatchObject({ port: 'option:yes', option: 'yes' });
    expect(await tap('no')).toMatchObject({ port: 'answered', option: 'no' });
  });
});
