import type { DiagnosticCode, ValidateOptions } from '../../src';
import { anyMessage, e, makeFlow, n, path } from './flow-builder';

export interface DiagnosticCase {
  name: string;
  /** Reports the code (with nodeId and path when given). */
  bad: unknown;
  /** The same flow fixed: does not report the code. */
  good: unknown;
  nodeId?: string;
  path?: string;
  options?: ValidateOptions;
}

/** trigger → the node under test → end. */
function single(id: string, type: string, data: Record<string, unknown>, port = 'next') {
  return makeFlow(
    [anyMessage(), n(id, type, data), n('done', 'end')],
    path(['start', 'next', id], [id, port, 'done']),
  );
}

const buttons = (count: number, title = (i: number) => `Option ${i}`) =>
  Array.from({ length: count }, (_, i) => ({ id: `b${i}`, title: title(i) }));
const list = (rows: number) => ({
  button: 'Choose',
  sections: [
    { title: 'All', rows: Array.from({ length: rows }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) },
  ],
});
const ask = (data: Record<string, unknown>) =>
  single('ask', 'question', { text: 'Pick one', ...data }, 'answered');

/** A failing and a passing flow for every diagnostic code (a Record, so a new code without cases does not compile). */
export const DIAGNOSTIC_CASES: Record<DiagnosticCode, DiagnosticCase[]> = {
  SCHEMA: [
    {
      name: 'bad node data',
      bad: single('ask', 'question', { save: 'x' }, 'answered'),
      good: ask({}),
      nodeId: 'ask',
      path: 'data.text',
    },
    {
      name: 'unknown node type',
      bad: makeFlow([anyMessage(), n('x', 'teleport', {})], path(['start', 'next', 'x'])),
      good: makeFlow([anyMessage(), n('x', 'end', {})], path(['start', 'next', 'x'])),
      nodeId: 'x',
      path: 'type',
    },
    {
      name: 'bad data type in a nested field',
      bad: single('pause', 'wait', { duration: 'soon' }, 'elapsed'),
      good: single('pause', 'wait', { duration: '2h' }, 'elapsed'),
      nodeId: 'pause',
      path: 'data.duration',
    },
    { name: 'bad flow id', bad: { ...ask({}), id: 'Bad Id' }, good: ask({}), path: 'id' },
  ],
  TRIGGER: [
    {
      name: 'no trigger',
      bad: makeFlow([n('a', 'end')], []),
      good: makeFlow([anyMessage(), n('a', 'end')], path(['start', 'next', 'a'])),
    },
    {
      name: 'two triggers',
      bad: makeFlow(
        [anyMessage(), anyMessage('second'), n('a', 'end')],
        path(['start', 'next', 'a'], ['second', 'next', 'a']),
      ),
      good: makeFlow([anyMessage(), n('a', 'end')], path(['start', 'next', 'a'])),
      nodeId: 'second',
    },
  ],
  DUPLICATE_ID: [
    {
      name: 'two nodes with one id',
      bad: makeFlow([anyMessage(), n('a', 'end'), n('a', 'end')], path(['start', 'next', 'a'])),
      good: makeFlow([anyMessage(), n('a', 'end')], path(['start', 'next', 'a'])),
      nodeId: 'a',
    },
    {
      name: 'two edges with one id',
      bad: makeFlow(
        [anyMessage(), n('a', 'wait', { duration: '1h' }), n('b', 'end')],
        [e('start', 'next', 'a', 'x'), e('a', 'elapsed', 'b', 'x')],
      ),
      good: makeFlow(
        [anyMessage(), n('a', 'wait', { duration: '1h' }), n('b', 'end')],
        [e('start', 'next', 'a', 'x'), e('a', 'elapsed', 'b', 'y')],
      ),
    },
  ],
  DANGLING_EDGE: [
    {
      name: 'edge to a missing node',
      bad: makeFlow(
        [anyMessage(), n('a', 'end')],
        path(['start', 'next', 'a'], ['start', 'next', 'ghost']).slice(1),
      ),
      good: makeFlow([anyMessage(), n('a', 'end')], path(['start', 'next', 'a'])),
      nodeId: 'start',
    },
    {
      name: 'edge from an unknown port',
      bad: single('ask', 'question', { text: 'Q' }, 'answred'),
      good: ask({}),
      nodeId: 'ask',
    },
    {
      name: 'edge from an option port the question does not have',
      bad: single('ask', 'question', { text: 'Q', buttons: buttons(2) }, 'option:b5'),
      good: single('ask', 'question', { text: 'Q', buttons: buttons(2) }, 'option:b1'),
      nodeId: 'ask',
    },
  ],
  DUPLICATE_PORT: [
    {
      name: 'two edges from one port',
      bad: makeFlow(
        [anyMessage(), n('a', 'end'), n('b', 'end')],
        path(['start', 'next', 'a'], ['start', 'next', 'b']),
      ),
      good: makeFlow([anyMessage(), n('a', 'end'), n('b', 'end')], path(['start', 'next', 'a'])),
      nodeId: 'start',
    },
    {
      name: 'two buttons with one id',
      bad: ask({
        buttons: [
          { id: 'a', title: 'One' },
          { id: 'a', title: 'Two' },
        ],
      }),
      good: ask({
        buttons: [
          { id: 'a', title: 'One' },
          { id: 'b', title: 'Two' },
        ],
      }),
      nodeId: 'ask',
    },
    {
      name: 'two condition rules with one id',
      bad: single(
        'check',
        'condition',
        {
          rules: [
            { id: 'x', when: 'true' },
            { id: 'x', when: 'false' },
          ],
        },
        'x',
      ),
      good: single(
        'check',
        'condition',
        {
          rules: [
            { id: 'x', when: 'true' },
            { id: 'y', when: 'false' },
          ],
        },
        'x',
      ),
      nodeId: 'check',
    },
  ],
  EDGE_TO_TRIGGER: [
    {
      name: 'edge back into the trigger',
      bad: makeFlow(
        [anyMessage(), n('ask', 'question', { text: 'Q' })],
        path(['start', 'next', 'ask'], ['ask', 'answered', 'start']),
      ),
      good: makeFlow(
        [anyMessage(), n('ask', 'question', { text: 'Q' })],
        path(['start', 'next', 'ask'], ['ask', 'answered', 'ask']),
      ),
      nodeId: 'start',
    },
  ],
  UNREACHABLE: [
    {
      name: 'node with no path from the trigger',
      bad: makeFlow(
        [anyMessage(), n('a', 'end'), n('island', 'message', { text: 'never' })],
        path(['start', 'next', 'a']),
      ),
      good: makeFlow(
        [anyMessage(), n('island', 'message', { text: 'now' })],
        path(['start', 'next', 'island']),
      ),
      nodeId: 'island',
    },
  ],
  LOOP_WITHOUT_WAIT: [
    {
      name: 'loop through condition and set only',
      bad: makeFlow(
        [
          anyMessage(),
          n('count', 'set', { assign: { i: '(vars.i ? vars.i : 0) + 1' } }),
          n('check', 'condition', { rules: [{ id: 'more', when: 'vars.i < 3' }] }),
        ],
        path(['start', 'next', 'count'], ['count', 'next', 'check'], ['check', 'more', 'count']),
      ),
      good: makeFlow(
        [
          anyMessage(),
          n('count', 'set', { assign: { i: '1' } }),
          n('check', 'condition', { rules: [{ id: 'more', when: 'vars.i < 3' }] }),
        ],
        path(['start', 'next', 'count'], ['count', 'next', 'check']),
      ),
      nodeId: 'count',
    },
    {
      name: 'self-loop on a set node',
      bad: makeFlow(
        [anyMessage(), n('spin', 'set', { assign: { i: '1' } })],
        path(['start', 'next', 'spin'], ['spin', 'next', 'spin']),
      ),
      good: makeFlow(
        [anyMessage(), n('spin', 'set', { assign: { i: '1' } })],
        path(['start', 'next', 'spin']),
      ),
      nodeId: 'spin',
    },
    {
      name: 'loop through a question is fine',
      bad: makeFlow(
        [
          anyMessage(),
          n('a', 'set', { assign: { i: '1' } }),
          n('b', 'condition', { rules: [{ id: 'again', when: 'true' }] }),
        ],
        path(['start', 'next', 'a'], ['a', 'next', 'b'], ['b', 'again', 'a']),
      ),
      good: makeFlow(
        [
          anyMessage(),
          n('ask', 'question', { text: 'Again?' }),
          n('check', 'condition', { rules: [{ id: 'again', when: 'true' }] }),
        ],
        path(['start', 'next', 'ask'], ['ask', 'answered', 'check'], ['check', 'again', 'ask']),
      ),
      nodeId: 'a',
    },
    {
      name: 'loop through a wait is fine',
      bad: makeFlow(
        [anyMessage(), n('a', 'message', { text: 'ping' })],
        path(['start', 'next', 'a'], ['a', 'next', 'a']),
      ),
      good: makeFlow(
        [
          anyMessage(),
          n('pause', 'wait', { duration: '1h' }),
          n('ping', 'template', { template: { name: 'ping', language: 'en' } }),
        ],
        path(['start', 'next', 'pause'], ['pause', 'elapsed', 'ping'], ['ping', 'next', 'pause']),
      ),
      nodeId: 'a',
    },
  ],
  EXPRESSION: [
    {
      name: 'bad JSONata in a condition',
      bad: single('check', 'condition', { rules: [{ id: 'x', when: 'vars.budget >' }] }, 'x'),
      good: single('check', 'condition', { rules: [{ id: 'x', when: 'vars.budget > 1000' }] }, 'x'),
      nodeId: 'check',
      path: 'data.rules.0.when',
    },
    {
      name: 'bad JSONata in a {{ }} text',
      bad: single('say', 'message', { text: 'Hi {{ contact.name & }}' }),
      good: single('say', 'message', { text: 'Hi {{ contact.name }}' }),
      nodeId: 'say',
      path: 'data.text',
    },
    {
      name: 'an unclosed {{ in a text',
      bad: single('say', 'message', { text: 'Hi {{ contact.name' }),
      good: single('say', 'message', { text: 'Hi contact.name' }),
      nodeId: 'say',
      path: 'data.text',
    },
    {
      name: 'bad JSONata in a set assignment',
      bad: single('calc', 'set', { assign: { total: '(1 + ' } }),
      good: single('calc', 'set', { assign: { total: '(1 + 2)' } }),
      nodeId: 'calc',
      path: 'data.assign.total',
    },
  ],
  PATTERN: [
    {
      name: 'a keyword pattern with a backreference (RE2 cannot run it in linear time)',
      bad: makeFlow(
        [
          n('start', 'trigger', { on: 'keyword', match: 'regex', keywords: ['price', '(a)\\1'] }),
          n('done', 'end'),
        ],
        path(['start', 'next', 'done']),
      ),
      good: makeFlow(
        [
          n('start', 'trigger', { on: 'keyword', match: 'regex', keywords: ['price', '(a)a'] }),
          n('done', 'end'),
        ],
        path(['start', 'next', 'done']),
      ),
      nodeId: 'start',
      path: 'data.keywords.1',
    },
    {
      name: 'an answer pattern with lookahead',
      bad: ask({ expect: 'regex', pattern: '\\d+(?=€)' }),
      good: ask({ expect: 'regex', pattern: '\\d+€' }),
      nodeId: 'ask',
      path: 'data.pattern',
    },
    {
      name: 'a JSONata regex literal with lookbehind',
      bad: single(
        'check',
        'condition',
        { rules: [{ id: 'x', when: '$contains(message.text, /(?<=€)\\d+/)' }] },
        'x',
      ),
      good: single(
        'check',
        'condition',
        { rules: [{ id: 'x', when: '$contains(message.text, /€\\d+/)' }] },
        'x',
      ),
      nodeId: 'check',
      path: 'data.rules.0.when',
    },
  ],
  WAIT_TOO_SHORT: [
    {
      name: 'a wait of a millisecond',
      bad: single('pause', 'wait', { duration: '0.001s' }, 'elapsed'),
      good: single('pause', 'wait', { duration: '1s' }, 'elapsed'),
      nodeId: 'pause',
      path: 'data.duration',
    },
    {
      name: 'a question timeout of zero seconds',
      bad: ask({ timeout: '0s' }),
      good: ask({ timeout: '30s' }),
      nodeId: 'ask',
      path: 'data.timeout',
    },
  ],
  WHATSAPP_LIMIT: [
    {
      name: '4 buttons',
      bad: ask({ buttons: buttons(4) }),
      good: ask({ buttons: buttons(3) }),
      nodeId: 'ask',
      path: 'data.buttons',
    },
    {
      name: 'a 21-character button title',
      bad: ask({ buttons: buttons(2, (i) => `${i}`.padEnd(21, 'x')) }),
      good: ask({ buttons: buttons(2, (i) => `${i}`.padEnd(20, 'x')) }),
      nodeId: 'ask',
      path: 'data.buttons.0.title',
    },
    {
      name: '11 list rows',
      bad: ask({ list: list(11) }),
      good: ask({ list: list(10) }),
      nodeId: 'ask',
      path: 'data.list.sections',
    },
    {
      name: 'a 4097-character text',
      bad: single('say', 'message', { text: 'x'.repeat(4097) }),
      good: single('say', 'message', { text: 'x'.repeat(4096) }),
      nodeId: 'say',
      path: 'data.text',
    },
  ],
  TEMPLATE_NAME: [
    {
      name: 'a template name with capitals and dashes',
      bad: single('nudge', 'template', { template: { name: 'Still-Interested', language: 'en' } }),
      good: single('nudge', 'template', { template: { name: 'still_interested', language: 'en' } }),
      nodeId: 'nudge',
      path: 'data.template.name',
    },
    {
      name: 'a bad fallbackTemplate name',
      bad: single('say', 'message', {
        text: 'Hi',
        fallbackTemplate: { name: 'hello world', language: 'en' },
      }),
      good: single('say', 'message', {
        text: 'Hi',
        fallbackTemplate: { name: 'hello_world', language: 'en' },
      }),
      nodeId: 'say',
      path: 'data.fallbackTemplate.name',
    },
  ],
  UNKNOWN_ACTIVITY: [
    {
      name: 'an activity the server does not have',
      bad: single('score', 'activity', { name: 'score-lead' }, 'ok'),
      good: single('score', 'activity', { name: 'lookup' }, 'ok'),
      nodeId: 'score',
      path: 'data.name',
      options: { activities: ['lookup', 'book'] },
    },
  ],
  DEAD_END: [
    {
      name: "a question's invalid port left unconnected",
      bad: ask({}),
      good: makeFlow(
        [
          anyMessage(),
          n('ask', 'question', { text: 'Pick one' }),
          n('done', 'end'),
          n('sorry', 'message', { text: 'Sorry!' }),
        ],
        path(['start', 'next', 'ask'], ['ask', 'answered', 'done'], ['ask', 'invalid', 'sorry']),
      ),
      nodeId: 'ask',
      path: 'ports.invalid',
    },
    {
      name: "a question's timeout left unconnected (only when it has a timeout)",
      bad: makeFlow(
        [anyMessage(), n('ask', 'question', { text: 'Pick one', timeout: '1h' }), n('done', 'end')],
        path(['start', 'next', 'ask'], ['ask', 'answered', 'done'], ['ask', 'invalid', 'done']),
      ),
      good: makeFlow(
        [anyMessage(), n('ask', 'question', { text: 'Pick one' }), n('done', 'end')],
        path(['start', 'next', 'ask'], ['ask', 'answered', 'done'], ['ask', 'invalid', 'done']),
      ),
      nodeId: 'ask',
      path: 'ports.timeout',
    },
    {
      name: 'a wait interrupted by a reply that leads nowhere',
      bad: single('pause', 'wait', { duration: '1h', interruptOnReply: true }, 'elapsed'),
      good: single('pause', 'wait', { duration: '1h', interruptOnReply: false }, 'elapsed'),
      nodeId: 'pause',
      path: 'ports.replied',
    },
  ],
  W24H: [
    {
      name: 'a message after a 2-day wait',
      bad: makeFlow(
        [anyMessage(), n('pause', 'wait', { duration: '2d' }), n('late', 'message', { text: 'Hello again' })],
        path(['start', 'next', 'pause'], ['pause', 'elapsed', 'late']),
      ),
      good: makeFlow(
        [anyMessage(), n('pause', 'wait', { duration: '2h' }), n('late', 'message', { text: 'Hello again' })],
        path(['start', 'next', 'pause'], ['pause', 'elapsed', 'late']),
      ),
      nodeId: 'late',
    },
  ],
};
