import { step, Simulation, type Flow } from '../src';
import { anyMessage, FALLBACK, makeFlow, n, path } from './support/flow-builder';
import { CONTACT, DAY, HOUR, MINUTE, START_AT, at, outbound, runScript, seen } from './support/run-script';
import { inbound, start, withoutClock } from './support/step-driver';

const say = (id: string) => n(id, 'message', { text: id, fallbackTemplate: FALLBACK });

describe('timers in the simulator', () => {
  const chainFlow = makeFlow(
    [
      anyMessage(),
      n('w1', 'wait', { duration: '1h' }),
      say('a'),
      n('w2', 'wait', { duration: '2h' }),
      say('b'),
      n('w3', 'wait', { duration: '30m' }),
      say('c'),
    ],
    path(
      ['start', 'next', 'w1'],
      ['w1', 'elapsed', 'a'],
      ['a', 'next', 'w2'],
      ['w2', 'elapsed', 'b'],
      ['b', 'next', 'w3'],
      ['w3', 'elapsed', 'c'],
    ),
  );

  it('timers that fall due during one long wait fire in time order, each at its own due time', async () => {
    const transcript = await runScript(chainFlow, [{ user: 'hi' }, { wait: '10h' }]);
    expect(outbound(transcript).map((m) => [m.text, m.at])).toEqual([
      ['a', at(HOUR)],
      ['b', at(3 * HOUR)],
      ['c', at(3.5 * HOUR)],
    ]);
  });

  it('the result does not depend on how the time is cut into waits', async () => {
    const once = await runScript(chainFlow, [{ user: 'hi' }, { wait: '10h' }]);
    const sliced = await runScript(chainFlow, [
      { user: 'hi' },
      ...Array.from({ length: 40 }, () => ({ wait: '15m' })),
    ]);
    expect(sliced.events).toEqual(once.events);
  });

  it('the shortest wait allowed (1s) fires one second after the message that reached it', async () => {
    const flow = makeFlow(
      [anyMessage(), n('w0', 'wait', { duration: '1s' }), say('now')],
      path(['start', 'next', 'w0'], ['w0', 'elapsed', 'now']),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '1s' }]);
    expect(outbound(transcript).map((m) => [m.text, m.at])).toEqual([['now', at(1_000)]]);
    expect(transcript.run?.status).toBe('completed');
  });

  it('timers that fall due within one wait step fire in time order, each at its own time', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('w1', 'wait', { duration: '1s' }),
        say('first'),
        n('w2', 'wait', { duration: '1s' }),
        say('second'),
        n('w3', 'wait', { duration: '1h' }),
        say('third'),
      ],
      path(
        ['start', 'next', 'w1'],
        ['w1', 'elapsed', 'first'],
        ['first', 'next', 'w2'],
        ['w2', 'elapsed', 'second'],
        ['second', 'next', 'w3'],
        ['w3', 'elapsed', 'third'],
      ),
    );
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '2h' }]);
    expect(outbound(transcript).map((m) => [m.text, m.at])).toEqual([
      ['first', at(1_000)],
      ['second', at(2_000)],
      ['third', at(HOUR + 2_000)],
    ]);
  });

  it('a wait of a month (30d) fires after exactly 30 days', async () => {
    const flow = makeFlow(
      [anyMessage(), n('month', 'wait', { duration: '30d' }), say('later')],
      path(['start', 'next', 'month'], ['month', 'elapsed', 'later']),
    );
    const before = await runScript(flow, [{ user: 'hi' }, { wait: '29d' }, { wait: '1439m' }]);
    expect(seen(before)).toEqual([]);
    const transcript = await runScript(flow, [{ user: 'hi' }, { wait: '31d' }]);
    expect(seen(transcript)).toEqual(['template:node_fallback']);
    expect(outbound(transcript)[0].at).toBe(at(30 * DAY));
    const started = await start(flow);
    expect(started.effects).toContainEqual(
      expect.objectContaining({ type: 'timer.start', dueAt: '2026-02-04T09:00:00.000Z' }),
    );
  });

  it('a cancelled timer never fires (a reply interrupts the wait)', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('pause', 'wait', { duration: '1h', interruptOnReply: true }),
        n('ask', 'question', { text: 'Q?', timeout: '3h' }),
        say('timed_out'),
      ],
      path(['start', 'next', 'pause'], ['pause', 'replied', 'ask'], ['ask', 'timeout', 'timed_out']),
    );
    const simulation = new Simulation(flow, CONTACT, START_AT);
    await simulation.user('hi');
    await simulation.advance(30 * MINUTE);
    await simulation.user('back');
    await simulation.advance(2 * HOUR);
    expect(simulation.run).toMatchObject({ status: 'waiting', node: 'ask' });
    await simulation.advance(HOUR);
    expect(simulation.events.filter((event) => event.dir === 'out').map((event) => event.text)).toEqual([
      'Q?',
      'timed_out',
    ]);
  });
});

describe('stale timer events (step)', () => {
  const flow: Flow = makeFlow(
    [
      anyMessage(),
      n('ask', 'question', { text: 'Q?', timeout: '1h' }),
      n('pause', 'wait', { duration: '2h', interruptOnReply: true }),
      say('end'),
    ],
    path(
      ['start', 'next', 'ask'],
      ['ask', 'answered', 'pause'],
      ['pause', 'replied', 'end'],
      ['pause', 'elapsed', 'end'],
    ),
  );

  it('a cancelled question timeout arriving later changes nothing', async () => {
    const started = await start(flow);
    const [timer] = started.state.timers;
    const answered = await inbound(flow, started.state, 'yes', at(MINUTE));
    expect(answered.effects).toContainEqual({ type: 'timer.cancel', id: timer.id });
    expect(answered.state).toMatchObject({ status: 'waiting', node: 'pause' });
    const late = await step(flow, answered.state, { type: 'timer', timerId: timer.id }, at(HOUR));
    expect(late.effects).toEqual([]);
    expect(withoutClock(late.state)).toEqual(withoutClock(answered.state));
  });

  it('a timer of a run that moved on (or ended) changes nothing', async () => {
    const started = await start(flow);
    const answered = await inbound(flow, started.state, 'yes', at(MINUTE));
    const [waitTimer] = answered.state.timers;
    const replied = await inbound(flow, answered.state, 'again', at(2 * MINUTE));
    expect(replied.state.status).toBe('completed');
    for (const timerId of [waitTimer.id, started.state.timers[0].id, 'unknown']) {
      const late = await step(flow, replied.state, { type: 'timer', timerId }, at(3 * HOUR));
      expect(late.effects).toEqual([]);
      expect(late.state).toEqual(replied.state);
    }
  });

  it('a timer event delivered twice fires once', async () => {
    const started = await start(flow);
    const [timer] = started.state.timers;
    const fired = await step(flow, started.state, { type: 'timer', timerId: timer.id }, at(HOUR));
    expect(fired.state).toMatchObject({ status: 'completed', node: 'ask' });
    const again = await step(flow, fired.state, { type: 'timer', timerId: timer.id }, at(HOUR));
    expect(again.effects).toEqual([]);
  });
});
