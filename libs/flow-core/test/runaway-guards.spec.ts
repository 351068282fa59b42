import {
  evaluateExpression,
  matchTrigger,
  MAX_QUIET_TRANSITIONS,
  step,
  validateFlow,
  type Effect,
  type Flow,
  type RunState,
} from '../src';
import { anyMessage, makeFlow, n, path } from './support/flow-builder';
import { at, SECOND, START_AT } from './support/run-script';
import { inbound, sentLines, start } from './support/step-driver';

// Issue 16, items 4 and 5: what a flow (or a contact's text) could do to the worker every workspace
// shares. Each case here froze, exhausted or flooded a worker on the code before these guards.

/** "aaaa…a!" — the text that makes a backtracking engine try 2^n ways to match `(a+)+$`. */
const hostile = `${'a'.repeat(5_000)}!`;

const context = (text: string) => ({
  contact: {},
  vars: {},
  message: { text, type: 'text' },
  now: START_AT,
});

function runEnd(effects: Effect[]): Extract<Effect, { type: 'run.end' }> | undefined {
  return effects.find((effect): effect is Extract<Effect, { type: 'run.end' }> => effect.type === 'run.end');
}

describe('patterns from flows run in linear time (RE2)', () => {
  it('a keyword trigger with a catastrophic pattern answers a hostile message at once', () => {
    const flow = makeFlow(
      [n('start', 'trigger', { on: 'keyword', match: 'regex', keywords: ['^(a+)+$'] }), n('done', 'end')],
      path(['start', 'next', 'done']),
    );
    expect(matchTrigger(flow, { type: 'text', text: hostile, at: START_AT })).toBe(0);
    expect(matchTrigger(flow, { type: 'text', text: 'AAA', at: START_AT })).toBeGreaterThan(0);
  });

  it.each([
    ['$match', '$count($match(message.text, /^(a+)+$/))', 0],
    ['$contains', '$contains(message.text, /(a|aa)+$/)', false],
    ['$replace', '$length($replace(message.text, /(a+)+b/, "x"))', hostile.length],
    ['$split', '$count($split(message.text, /(a+)+b/))', 1],
  ])(
    'JSONata %s with a catastrophic regex answers a hostile text at once',
    async (_name, source, expected) => {
      await expect(evaluateExpression(source, context(hostile))).resolves.toEqual(expected);
    },
  );

  it('keeps what JSONata regexes mean: flags, groups, positions, global replace and split', async () => {
    const said = context('Order AB-12 and cd-345, thanks 😀 ok');
    await expect(evaluateExpression('$contains(message.text, /order/i)', said)).resolves.toBe(true);
    await expect(evaluateExpression('$contains(message.text, /order/)', said)).resolves.toBe(false);
    await expect(evaluateExpression('$match(message.text, /([a-z]+)-(\\d+)/i)', said)).resolves.toEqual([
      { match: 'AB-12', index: 6, groups: ['AB', '12'] },
      { match: 'cd-345', index: 16, groups: ['cd', '345'] },
    ]);
    await expect(evaluateExpression('$replace(message.text, /\\d+/, "#")', said)).resolves.toBe(
      'Order AB-# and cd-#, thanks 😀 ok',
    );
    await expect(evaluateExpression('$split("a1b22c", /\\d+/)', said)).resolves.toEqual(['a', 'b', 'c']);
    await expect(evaluateExpression('$match("😀ok", /ok/).index', said)).resolves.toBe(2);
  });

  it('the validator refuses what RE2 cannot run, with the PATTERN code', () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('check', 'condition', { rules: [{ id: 'x', when: '$contains(message.text, /(a)\\1/)' }] }),
      ],
      path(['start', 'next', 'check']),
    );
    const result = validateFlow(flow);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'PATTERN', nodeId: 'check', path: 'data.rules.0.when' }),
    );
  });
});

describe('expressions have a budget', () => {
  /** trigger → set (the expression) → message "after"; an http step variant has an error port. */
  const setFlow = (source: string): Flow =>
    makeFlow(
      [anyMessage(), n('calc', 'set', { assign: { out: source } }), n('after', 'message', { text: 'after' })],
      path(['start', 'next', 'calc'], ['calc', 'next', 'after']),
    );

  it.each([
    ['$sort over 100,000 items', '$sort([1..100000])'],
    ['a range of a million items', '$count([1..1000000])'],
    ['$pad to 100 million characters', '$length($pad("", 100000000))'],
    [
      'a string doubled 40 times',
      '($f := function($s, $n) { $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("ab", 40))',
    ],
    ['recursion without end', '($f := function($n) { $f($n + 1) }; $f(0))'],
    [
      '$replace multiplying a text by a long replacement',
      '$length($replace($pad("", 200000, "a"), "a", $pad("", 2500, "b")))',
    ],
    [
      '$replace with a pattern and $0 references',
      '$length($replace($pad("", 100000, "a"), /a/, "$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0$0"))',
    ],
    ['a long loop', '$sum([1..9000].($sum([1..9000])))'],
  ])('%s fails the run with EXPRESSION_LIMIT when the node has no error port', async (_name, source) => {
    expect(validateFlow(setFlow(source)).ok).toBe(true);
    const { state, effects } = await start(setFlow(source));
    expect(state.status).toBe('failed');
    expect(state.error).toMatchObject({ code: 'EXPRESSION_LIMIT', nodeId: 'calc' });
    expect(runEnd(effects)?.error?.code).toBe('EXPRESSION_LIMIT');
    expect(sentLines(effects)).toEqual([]);
  });

  it('an expression over budget takes the error port when the node has one connected', async () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('call', 'http', { method: 'POST', url: 'https://crm.example.com/{{ $pad("", 100000000) }}' }),
        n('sorry', 'message', { text: 'Sorry, that did not work' }),
        n('ok', 'message', { text: 'done' }),
      ],
      path(['start', 'next', 'call'], ['call', 'error', 'sorry'], ['call', 'ok', 'ok']),
    );
    const { state, effects } = await start(flow);
    expect(effects.some((effect) => effect.type === 'activity.call')).toBe(false);
    expect(sentLines(effects)).toEqual(['Sorry, that did not work']);
    expect(state.lastError).toMatchObject({ code: 'EXPRESSION_LIMIT', nodeId: 'call' });
    expect(state.status).toBe('completed');
  });

  it('$replace is refused before it builds, with EXPRESSION_LIMIT and a message that names it', async () => {
    const context = {
      contact: {},
      vars: {},
      message: { text: 'a'.repeat(200_000) },
      now: '2026-12-06T10:00:00Z',
    };
    await expect(
      evaluateExpression('$replace(message.text, /a/, $pad("", 2500, "b"))', context),
    ).rejects.toMatchObject({
      code: 'EXPRESSION_LIMIT',
      message: expect.stringContaining('$replace would produce more than 5000000 characters'),
    });
    // Only what a call would really produce counts: one match of a long replacement is fine.
    await expect(
      evaluateExpression('$length($replace(message.text, /^a{10}/, $pad("", 1000000, "b")))', context),
    ).resolves.toBe(200_000 - 10 + 1_000_000);
  });

  it('$replace keeps what JSONata means: literal string patterns, $n groups, limits, functions', async () => {
    const said = { contact: {}, vars: {}, message: { text: 'John Smith' }, now: '2026-12-06T10:00:00Z' };
    await expect(evaluateExpression('$replace("a.b.c", ".", "$0")', said)).resolves.toBe('a$0b$0c');
    await expect(
      evaluateExpression('$replace(message.text, /(\\w+)\\s(\\w+)/, "$2, $1")', said),
    ).resolves.toBe('Smith, John');
    await expect(evaluateExpression('$replace("aaaa", "a", "b", 2)', said)).resolves.toBe('bbaa');
    await expect(evaluateExpression('$replace("aaaa", /a/, "b", 3)', said)).resolves.toBe('bbba');
    await expect(
      evaluateExpression(
        '$replace("10 and 20", /\\d+/, function($m) { $string($number($m.match) * 2) })',
        said,
      ),
    ).resolves.toBe('20 and 40');
    await expect(evaluateExpression('$replace(contact.missing, "a", "b")', said)).resolves.toBeUndefined();
    await expect(evaluateExpression('$replace("abc", "", "x")', said)).rejects.toMatchObject({
      code: 'EXPRESSION_ERROR',
    });
  });

  it('ordinary expressions are untouched by the budget', async () => {
    const { state } = await start(setFlow('$sort([3, 1, 2])'));
    expect(state.vars.out).toEqual([1, 2, 3]);
    expect(state.status).toBe('completed');
  });
});

describe('loops that wait only for time', () => {
  // `set → wait → set`: valid with a wait of at least a second, and stopped by the run's budget.
  const loop = (duration: string): Flow =>
    makeFlow(
      [
        anyMessage(),
        n('count', 'set', { assign: { i: '(vars.i ? vars.i : 0) + 1' } }),
        n('pause', 'wait', { duration }),
      ],
      path(['start', 'next', 'count'], ['count', 'next', 'pause'], ['pause', 'elapsed', 'count']),
    );

  it('the validator refuses a wait shorter than a second (WAIT_TOO_SHORT)', () => {
    const result = validateFlow(loop('0.001s'));
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'WAIT_TOO_SHORT', nodeId: 'pause', path: 'data.duration' }),
    );
    expect(validateFlow(loop('1s')).ok).toBe(true);
  });

  /** Fires the run's pending timer `times` times (or until it stops waiting). */
  async function fire(flow: Flow, from: RunState, times: number, clock: { ms: number }) {
    let state = from;
    let effects: Effect[] = [];
    for (let i = 0; i < times && state.status === 'waiting'; i += 1) {
      clock.ms += SECOND;
      ({ state, effects } = await step(
        flow,
        state,
        { type: 'timer', timerId: state.timers[0].id },
        at(clock.ms),
      ));
    }
    return { state, effects };
  }

  it(`stops a run after ${MAX_QUIET_TRANSITIONS} transitions without a message, with RUN_STEP_LIMIT`, async () => {
    const flow = loop('1s');
    const clock = { ms: 0 };
    const started = await start(flow);
    const before = await fire(flow, started.state, MAX_QUIET_TRANSITIONS, clock);
    expect(before.state.status).toBe('waiting');
    expect(before.state.vars.i).toBe(MAX_QUIET_TRANSITIONS + 1);

    const over = await fire(flow, before.state, 1, clock);
    expect(over.state.status).toBe('failed');
    expect(over.state.error).toMatchObject({ code: 'RUN_STEP_LIMIT', nodeId: 'pause' });
    expect(over.state.timers).toEqual([]);
    expect(runEnd(over.effects)?.error?.code).toBe('RUN_STEP_LIMIT');
    // Nothing keeps it going: the timer it set on its last turn was cancelled.
    expect(over.effects.filter((effect) => effect.type === 'timer.cancel')).toHaveLength(1);
  });

  it('a message from the contact starts the count again', async () => {
    const flow = loop('1s');
    const clock = { ms: 0 };
    const started = await start(flow);
    const first = await fire(flow, started.state, MAX_QUIET_TRANSITIONS - 1, clock);
    clock.ms += 100;
    const replied = await inbound(flow, first.state, 'still here', at(clock.ms));
    const second = await fire(flow, replied.state, MAX_QUIET_TRANSITIONS, clock);
    expect(second.state.status).toBe('waiting');
    expect(second.state.vars.i).toBe(2 * MAX_QUIET_TRANSITIONS);
  });

  it('stale events do not count against the budget', async () => {
    const flow = loop('1s');
    const { state } = await start(flow);
    const stale = await step(flow, state, { type: 'timer', timerId: 'no-such-timer' }, at(SECOND));
    expect(stale.state.quietTransitions).toBeUndefined();
    expect(stale.effects).toEqual([]);
  });
});
