/**
 * Flows the benchmarks publish (plain leadline.flow/v1 documents). The fault scenarios use the
 * engine soak tests' survey (libs/engine/test/support/test-flows), whose transcripts the simulator
 * predicts.
 */

/** Every message of the contact gets exactly one reply: one inbound step, one send. */
export function echoFlow(): Record<string, unknown> {
  return {
    format: 'leadline.flow/v1',
    id: 'bench-echo',
    name: 'Bench echo',
    nodes: [
      { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['benchmark'], match: 'contains' } },
      { id: 'ask', type: 'question', data: { text: 'Noted. Next?', save: 'answer', expect: 'text' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
      { id: 'e2', source: 'ask', sourceHandle: 'answered', target: 'ask' },
    ],
  };
}

/**
 * Acknowledges, waits `seconds` on a timer, then sends the reminder and ends; with `remind: false` the
 * timer leads straight to the end, so firing it costs a step but no send.
 */
export function timerFlow(seconds: number, options: { remind?: boolean } = {}): Record<string, unknown> {
  const remind = options.remind ?? true;
  return {
    format: 'leadline.flow/v1',
    id: 'bench-timer',
    name: 'Bench timer',
    nodes: [
      { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['remindme'], match: 'contains' } },
      { id: 'ack', type: 'message', data: { text: 'Noted, I will remind you.' } },
      { id: 'later', type: 'wait', data: { duration: `${seconds}s`, interruptOnReply: false } },
      ...(remind ? [{ id: 'remind', type: 'message', data: { text: 'Reminder: it is time.' } }] : []),
      { id: 'done', type: 'end', data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ack' },
      { id: 'e2', source: 'ack', sourceHandle: 'next', target: 'later' },
      ...(remind
        ? [
            { id: 'e3', source: 'later', sourceHandle: 'elapsed', target: 'remind' },
            { id: 'e4', source: 'remind', sourceHandle: 'next', target: 'done' },
          ]
        : [{ id: 'e3', source: 'later', sourceHandle: 'elapsed', target: 'done' }]),
    ],
  };
}
