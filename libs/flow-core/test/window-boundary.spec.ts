import { serviceWindow, windowMarginMs } from '../src';
import { anyMessage, FALLBACK, makeFlow, n, path, STILL_INTERESTED } from './support/flow-builder';
import { DAY, HOUR, MINUTE, SECOND, at, outbound, runScript, seen } from './support/run-script';

const seconds = (ms: number) => `${ms / SECOND}s`;

/** trigger → wait → a message with a fallback template: the transcript shows which one went out. */
function lateMessage(waitMs: number, margin?: string) {
  return makeFlow(
    [
      anyMessage(),
      n('pause', 'wait', { duration: seconds(waitMs) }),
      n('say', 'message', { text: 'Session text', fallbackTemplate: FALLBACK }),
    ],
    path(['start', 'next', 'pause'], ['pause', 'elapsed', 'say']),
    margin === undefined ? undefined : { windowSafetyMargin: margin },
  );
}

describe('the 24-hour window boundary (spec §3)', () => {
  it.each([
    [undefined, 24 * HOUR - 60 * SECOND - SECOND, 'Session text'],
    [undefined, 24 * HOUR - 60 * SECOND, 'template:node_fallback'],
    [undefined, 24 * HOUR - 60 * SECOND + SECOND, 'template:node_fallback'],
    ['60s', 24 * HOUR - 60 * SECOND - SECOND, 'Session text'],
    ['60s', 24 * HOUR - 60 * SECOND, 'template:node_fallback'],
    ['60s', 24 * HOUR - 60 * SECOND + SECOND, 'template:node_fallback'],
    ['0s', 24 * HOUR - SECOND, 'Session text'],
    ['0s', 24 * HOUR, 'template:node_fallback'],
    ['5m', 24 * HOUR - 5 * MINUTE - SECOND, 'Session text'],
    ['5m', 24 * HOUR - 5 * MINUTE, 'template:node_fallback'],
    ['5m', 24 * HOUR - 5 * MINUTE + SECOND, 'template:node_fallback'],
  ])('margin %s: a message %d ms after the last inbound goes out as %j', async (margin, waitMs, expected) => {
    const transcript = await runScript(lateMessage(waitMs, margin), [
      { user: 'hi' },
      { wait: seconds(waitMs) },
    ]);
    expect(seen(transcript)).toEqual([expected]);
    expect(outbound(transcript)[0].at).toBe(at(waitMs));
    expect(transcript.run?.status).toBe('completed');
  });

  it.each([
    [undefined, 60_000],
    ['0s', 0],
    ['5m', 300_000],
    ['2h', 7_200_000],
  ])('windowSafetyMargin %j is %d ms', (margin, ms) => {
    expect(windowMarginMs(margin === undefined ? undefined : { windowSafetyMargin: margin })).toBe(ms);
  });

  it('serviceWindow: open strictly before lastInboundAt + 24h - margin, with closesAt', () => {
    const lastInboundAt = '2026-01-05T09:00:00.000Z';
    const check = (now: string) => serviceWindow({ lastInboundAt, now, marginMs: 60_000 });
    expect(check('2026-01-06T08:58:59.999Z')).toEqual({ open: true, closesAt: '2026-01-06T08:59:00.000Z' });
    expect(check('2026-01-06T08:59:00.000Z').open).toBe(false);
    expect(serviceWindow({ now: lastInboundAt, marginMs: 0 })).toEqual({ open: false });
    expect(serviceWindow({ lastInboundAt, now: lastInboundAt, marginMs: 0, forcedClosed: true }).open).toBe(
      false,
    );
  });
});

describe('only the contact opens the window', () => {
  it('a template does not reopen it: a session message 25 h after it still needs a template', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('w1', 'wait', { duration: '1h' }),
        n('nudge', 'template', { template: { name: 'hello', language: 'en' } }),
        n('w2', 'wait', { duration: '25h' }),
        n('say', 'message', { text: 'Session text', fallbackTemplate: FALLBACK }),
      ],
      path(
        ['start', 'next', 'w1'],
        ['w1', 'elapsed', 'nudge'],
        ['nudge', 'next', 'w2'],
        ['w2', 'elapsed', 'say'],
      ),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '2d' }]);
    expect(seen(transcript)).toEqual(['template:hello', 'template:node_fallback']);
    expect(outbound(transcript).map((m) => m.at)).toEqual([at(HOUR), at(26 * HOUR)]);
  });

  it('a later inbound reopens it, even one the flow ignores', async () => {
    const flow = lateMessage(25 * HOUR);
    const silent = await runScript(flow, [{ user: 'hi' }, { wait: '25h' }]);
    expect(seen(silent)).toEqual(['template:node_fallback']);
    const wrote = await runScript(flow, [
      { user: 'hi' },
      { wait: '20h' },
      { user: 'still here' },
      { wait: '5h' },
    ]);
    expect(seen(wrote)).toEqual(['Session text']);
  });

  it('a question after the window closed sends the re-engagement template, then asks when the contact replies', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('pause', 'wait', { duration: '2d' }),
        n('ask', 'question', { text: 'Still interested, {{contact.name}}?', save: 'keen' }),
        n('thanks', 'message', { text: 'Noted: {{vars.keen}}' }),
      ],
      path(['start', 'next', 'pause'], ['pause', 'elapsed', 'ask'], ['ask', 'answered', 'thanks']),
      { reengagementTemplate: STILL_INTERESTED },
    );
    const transcript = await runScript(flow, [
      { user: 'hi' },
      { wait: '2d' },
      { user: 'hello?' },
      { user: 'yes' },
    ]);
    expect(seen(transcript)).toEqual(['template:still_interested', 'Still interested, Ana?', 'Noted: yes']);
    expect(outbound(transcript)[0].template?.params).toEqual(['Ana']);
    expect(outbound(transcript)[1].at).toBe(at(2 * DAY));
    expect(transcript.run).toMatchObject({ status: 'completed', vars: { keen: 'yes' } });
  });

  it.each([
    [
      'the re-engagement template',
      { reengagementTemplate: STILL_INTERESTED },
      ['template:still_interested'],
      'completed',
    ],
    ['nothing (the run fails)', undefined, [], 'failed'],
  ])(
    'a lead pushed through the API who never wrote gets %s instead of a session message',
    async (_label, settings, expected, status) => {
      const flow = makeFlow(
        [n('start', 'trigger', { on: 'api' }), n('hello', 'message', { text: 'Hello {{contact.name}}' })],
        path(['start', 'next', 'hello']),
        settings,
      );
      const transcript = await runScript(flow, [{ lead: { name: 'Bo', fields: { source: 'web' } } }]);
      expect(seen(transcript)).toEqual(expected);
      expect(transcript.run?.status).toBe(status);
    },
  );

  it("sends the flow's re-engagement template once per closed window, however many nodes need it", async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('pause', 'wait', { duration: '2d' }),
        n('hello', 'message', { text: 'Hello again' }),
        n('ask', 'question', { text: 'Still interested?', save: 'keen' }),
      ],
      path(['start', 'next', 'pause'], ['pause', 'elapsed', 'hello'], ['hello', 'next', 'ask']),
      { reengagementTemplate: STILL_INTERESTED },
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '2d' }, { user: 'hey' }]);
    expect(seen(transcript)).toEqual(['template:still_interested', 'Still interested?']);
    expect(transcript.run).toMatchObject({ status: 'waiting', node: 'ask' });
  });
});
