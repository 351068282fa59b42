import { analyseWindow, validateFlow, type Flow, type FlowEdge, type FlowNode } from '../src';
import { anyMessage, e, FALLBACK, makeFlow, n, path, STILL_INTERESTED } from './support/flow-builder';
import { HOUR, MINUTE } from './support/run-script';

const wait = (id: string, duration: string, extra: Record<string, unknown> = {}) =>
  n(id, 'wait', { duration, ...extra });
const say = (id: string, extra: Record<string, unknown> = {}) =>
  n(id, 'message', { text: `message ${id}`, ...extra });

function w24h(flow: Flow): string[] {
  return validateFlow(flow)
    .diagnostics.filter((d) => d.code === 'W24H')
    .map((d) => d.nodeId as string);
}

function latest(flow: Flow, nodeId: string): number | undefined {
  return analyseWindow(flow).latestMs.get(nodeId);
}

/** trigger → the given nodes in a chain through their usual port. */
function chain(
  nodes: FlowNode[],
  extraEdges: FlowEdge[] = [],
  settings?: Flow['settings'],
  trigger = anyMessage(),
): Flow {
  const all = [trigger, ...nodes];
  const portOf = (node: FlowNode) =>
    node.type === 'wait' ? 'elapsed' : node.type === 'question' ? 'answered' : 'next';
  const edges = all.slice(1).map((node, i) => e(all[i].id, portOf(all[i]), node.id));
  return makeFlow(all, [...edges, ...extraEdges], settings);
}

describe('W24H: time since the last message through waits', () => {
  it.each([
    ['23h', 23 * HOUR, []],
    ['1438m', 23 * HOUR + 58 * MINUTE, []],
    ['24h', 24 * HOUR, ['late']],
    ['3d', 72 * HOUR, ['late']],
  ])('a message after a %s wait', (duration, ms, warned) => {
    const flow = chain([wait('pause', duration), say('late')]);
    expect(latest(flow, 'late')).toBe(ms);
    expect(w24h(flow)).toEqual(warned);
  });

  it('two waits of 12h add up to 24h', () => {
    const flow = chain([wait('w1', '12h'), say('mid'), wait('w2', '12h'), say('late')]);
    expect(latest(flow, 'mid')).toBe(12 * HOUR);
    expect(latest(flow, 'late')).toBe(24 * HOUR);
    expect(w24h(flow)).toEqual(['late']);
  });

  it('the margin counts: with windowSafetyMargin 2h a message 23h after the last message warns', () => {
    const flow = chain([wait('pause', '23h'), say('late')], [], { windowSafetyMargin: '2h' });
    expect(analyseWindow(flow).closesAfterMs).toBe(22 * HOUR);
    expect(w24h(flow)).toEqual(['late']);
    expect(analyseWindow(chain([say('a')])).closesAfterMs).toBe(24 * HOUR - MINUTE);
  });

  it('takes the longest of several paths into a node', () => {
    const flow = makeFlow(
      [
        anyMessage(),
        n('check', 'condition', { rules: [{ id: 'slow', when: 'true' }] }),
        wait('short', '1h'),
        wait('long', '30h'),
        say('joined'),
      ],
      path(
        ['start', 'next', 'check'],
        ['check', 'slow', 'long'],
        ['check', 'else', 'short'],
        ['short', 'elapsed', 'joined'],
        ['long', 'elapsed', 'joined'],
      ),
    );
    expect(latest(flow, 'joined')).toBe(30 * HOUR);
    expect(w24h(flow)).toEqual(['joined']);
  });

  it('a node that sends no session message never warns (template, ai classify, document without send)', () => {
    const flow = chain([
      wait('pause', '2d'),
      n('tpl', 'template', { template: { name: 'hello', language: 'en' } }),
      n('sort', 'ai', { task: 'classify', instructions: 'x', labels: ['next'] }),
      n('doc', 'document', { kind: 'quote', items: '[]', currency: 'EUR', send: false }),
    ]);
    expect(w24h(flow)).toEqual([]);
    const sending = chain([
      wait('pause', '2d'),
      n('doc', 'document', { kind: 'quote', items: '[]', currency: 'EUR' }),
    ]);
    expect(w24h(sending)).toEqual(['doc']);
  });

  it('unreachable nodes are not analysed', () => {
    const flow = makeFlow([anyMessage(), say('island')], []);
    expect(latest(flow, 'island')).toBeUndefined();
    expect(w24h(flow)).toEqual([]);
  });
});

describe('W24H: replies reset the clock', () => {
  it('a question answered resets it', () => {
    const flow = chain([
      wait('w1', '20h'),
      n('ask', 'question', { text: 'Still there?' }),
      wait('w2', '20h'),
      say('late'),
    ]);
    expect(latest(flow, 'ask')).toBe(20 * HOUR);
    expect(latest(flow, 'late')).toBe(20 * HOUR);
    expect(w24h(flow)).toEqual([]);
    const withoutQuestion = chain([wait('w1', '20h'), say('mid'), wait('w2', '20h'), say('late')]);
    expect(w24h(withoutQuestion)).toEqual(['late']);
  });

  it('a question timeout of 25h warns on the timeout path only', () => {
    const flow = makeFlow(
      [anyMessage(), n('ask', 'question', { text: 'Budget?', timeout: '25h' }), say('thanks'), say('nudge')],
      path(['start', 'next', 'ask'], ['ask', 'answered', 'thanks'], ['ask', 'timeout', 'nudge']),
    );
    expect(latest(flow, 'thanks')).toBe(0);
    expect(latest(flow, 'nudge')).toBe(25 * HOUR);
    expect(w24h(flow)).toEqual(['nudge']);
  });

  it('a wait with interruptOnReply: the "replied" path resets, the "elapsed" path adds', () => {
    const flow = makeFlow(
      [
        anyMessage(),
        wait('w1', '10h'),
        wait('pause', '30h', { interruptOnReply: true }),
        say('early'),
        say('late'),
      ],
      path(
        ['start', 'next', 'w1'],
        ['w1', 'elapsed', 'pause'],
        ['pause', 'replied', 'early'],
        ['pause', 'elapsed', 'late'],
      ),
    );
    expect(latest(flow, 'early')).toBe(0);
    expect(latest(flow, 'late')).toBe(40 * HOUR);
    expect(w24h(flow)).toEqual(['late']);
  });
});

describe('W24H: unbounded time', () => {
  it('an api trigger warns on the first message (the contact may never have written)', () => {
    const flow = chain([say('first'), say('second')], [], undefined, n('start', 'trigger', { on: 'api' }));
    expect(latest(flow, 'first')).toBe(Number.POSITIVE_INFINITY);
    expect(w24h(flow)).toEqual(['first', 'second']);
  });

  it('an api trigger followed by a question: the answer resets the clock', () => {
    const flow = chain(
      [n('ask', 'question', { text: 'Hi?', fallbackTemplate: FALLBACK }), say('thanks')],
      [],
      undefined,
      n('start', 'trigger', { on: 'api' }),
    );
    expect(latest(flow, 'thanks')).toBe(0);
    expect(w24h(flow)).toEqual([]);
  });

  it('a loop wait 1h → message without reply grows without bound and warns', () => {
    const flow = makeFlow(
      [anyMessage(), wait('pause', '1h'), say('ping')],
      path(['start', 'next', 'pause'], ['pause', 'elapsed', 'ping'], ['ping', 'next', 'pause']),
    );
    expect(latest(flow, 'ping')).toBe(Number.POSITIVE_INFINITY);
    expect(latest(flow, 'pause')).toBe(Number.POSITIVE_INFINITY);
    expect(w24h(flow)).toEqual(['ping']);
  });

  it('a loop through a question that gets answered stays bounded', () => {
    const flow = makeFlow(
      [anyMessage(), n('ask', 'question', { text: 'More?' }), wait('pause', '1h'), say('ping')],
      path(
        ['start', 'next', 'ask'],
        ['ask', 'answered', 'pause'],
        ['pause', 'elapsed', 'ping'],
        ['ping', 'next', 'ask'],
      ),
    );
    expect(latest(flow, 'ping')).toBe(HOUR);
    expect(latest(flow, 'ask')).toBe(HOUR);
    expect(w24h(flow)).toEqual([]);
  });
});

describe('W24H: what silences it', () => {
  const late = (
    node: FlowNode,
    settings?: Flow['settings'],
    extra: FlowNode[] = [],
    edges: FlowEdge[] = [],
  ) =>
    makeFlow(
      [anyMessage(), wait('pause', '2d'), node, ...extra],
      [...path(['start', 'next', 'pause'], ['pause', 'elapsed', node.id]), ...edges],
      settings,
    );

  it.each([
    ['nothing', late(say('late')), ['late']],
    ['a fallbackTemplate on the message', late(say('late', { fallbackTemplate: FALLBACK })), []],
    [
      'a fallbackTemplate on a question',
      late(n('late', 'question', { text: 'Q', fallbackTemplate: FALLBACK })),
      [],
    ],
    ["the flow's reengagementTemplate", late(say('late'), { reengagementTemplate: STILL_INTERESTED }), []],
    [
      'a window_closed edge',
      late(say('late'), undefined, [n('closed', 'end')], [e('late', 'window_closed', 'closed')]),
      [],
    ],
  ])('%s', (_label, flow, warned) => {
    expect(w24h(flow)).toEqual(warned);
  });

  it('the warning names the node and says how late it can be sent', () => {
    const [diagnostic] = validateFlow(late(say('late'))).diagnostics.filter((d) => d.code === 'W24H');
    expect(diagnostic).toMatchObject({ severity: 'warning', nodeId: 'late' });
    expect(diagnostic.message).toContain('"late"');
    expect(diagnostic.message).toContain('2 days');
  });
});
