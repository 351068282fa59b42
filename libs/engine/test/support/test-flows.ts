/**
 * Small flows for the durability tests. Each is a plain flow document (leadline.flow/v1), published
 * like the example flows in flows/.
 */

/** Three questions with short waits between them: timers, sends and replies, all in seconds. */
export function surveyFlow(waitSeconds = 2): Record<string, unknown> {
  return {
    format: 'leadline.flow/v1',
    id: 'soak-survey',
    name: 'Soak survey',
    nodes: [
      { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['survey'], match: 'contains' } },
      { id: 'hello', type: 'message', data: { text: 'Hi {{contact.name}}! Three quick questions.' } },
      { id: 'ask_name', type: 'question', data: { text: 'Your full name?', save: 'name', expect: 'text' } },
      { id: 'thanks', type: 'message', data: { text: 'Thanks {{vars.name}}, one moment…' } },
      { id: 'pause', type: 'wait', data: { duration: `${waitSeconds}s`, interruptOnReply: false } },
      {
        id: 'ask_colour',
        type: 'question',
        data: {
          text: 'Which colour, {{vars.name}}?',
          buttons: [
            { id: 'red', title: 'Red' },
            { id: 'green', title: 'Green' },
            { id: 'blue', title: 'Blue' },
          ],
          save: 'colour',
        },
      },
      {
        id: 'ask_count',
        type: 'question',
        data: { text: 'How many panels?', save: 'count', expect: 'number' },
      },
      { id: 'pause_again', type: 'wait', data: { duration: '1s', interruptOnReply: false } },
      {
        id: 'summary',
        type: 'message',
        data: { text: 'Done: {{vars.name}}, {{vars.colour}}, {{vars.count}} panels.' },
      },
      { id: 'done', type: 'end', data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
      { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'ask_name' },
      { id: 'e3', source: 'ask_name', sourceHandle: 'answered', target: 'thanks' },
      { id: 'e4', source: 'thanks', sourceHandle: 'next', target: 'pause' },
      { id: 'e5', source: 'pause', sourceHandle: 'elapsed', target: 'ask_colour' },
      { id: 'e6', source: 'ask_colour', sourceHandle: 'answered', target: 'ask_count' },
      { id: 'e7', source: 'ask_count', sourceHandle: 'answered', target: 'pause_again' },
      { id: 'e8', source: 'pause_again', sourceHandle: 'elapsed', target: 'summary' },
      { id: 'e9', source: 'summary', sourceHandle: 'next', target: 'done' },
    ],
  };
}

/** A survey script for one contact: the waits let the simulator's timers fire before the next reply. */
export function surveyScript(index: number, waitSeconds = 2): Record<string, unknown> {
  const colours = ['red', 'green', 'blue'];
  return {
    contact: { phone: '+27740000000', name: `Tester ${index}` },
    steps: [
      { user: 'survey please' },
      { user: `Person Number ${index}` },
      { wait: `${waitSeconds}s` },
      { user: { button: colours[index % colours.length] } },
      { user: String(10 + (index % 7)) },
      { wait: '1s' },
    ],
  };
}

/** A reminder after a wait: a keyword starts it, the wait's timer ends it. */
export function reminderFlow(id: string, keyword: string, duration: string): Record<string, unknown> {
  return {
    format: 'leadline.flow/v1',
    id,
    name: `Reminder after ${duration}`,
    nodes: [
      { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: [keyword], match: 'contains' } },
      { id: 'ack', type: 'message', data: { text: `Noted (${keyword}). I will remind you in ${duration}.` } },
      { id: 'later', type: 'wait', data: { duration, interruptOnReply: false } },
      {
        id: 'remind',
        type: 'message',
        data: { text: `Reminder (${keyword}): {{contact.name}}, it is time.` },
      },
      { id: 'done', type: 'end', data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ack' },
      { id: 'e2', source: 'ack', sourceHandle: 'next', target: 'later' },
      { id: 'e3', source: 'later', sourceHandle: 'elapsed', target: 'remind' },
      { id: 'e4', source: 'remind', sourceHandle: 'next', target: 'done' },
    ],
  };
}

/** Calls a custom activity ("lookup") and reports its answer, or that it failed. */
export function lookupFlow(): Record<string, unknown> {
  return {
    format: 'leadline.flow/v1',
    id: 'lookup',
    name: 'Lookup',
    nodes: [
      { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['lookup'], match: 'contains' } },
      {
        id: 'lookup',
        type: 'activity',
        data: { name: 'lookup', input: { phone: '{{contact.phone}}' }, save: 'result' },
      },
      { id: 'found', type: 'message', data: { text: 'Your code is {{vars.result.code}}.' } },
      { id: 'failed', type: 'message', data: { text: 'The lookup failed.' } },
      { id: 'done', type: 'end', data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'lookup' },
      { id: 'e2', source: 'lookup', sourceHandle: 'ok', target: 'found' },
      { id: 'e3', source: 'lookup', sourceHandle: 'error', target: 'failed' },
      { id: 'e4', source: 'found', sourceHandle: 'next', target: 'done' },
      { id: 'e5', source: 'failed', sourceHandle: 'next', target: 'done' },
    ],
  };
}
