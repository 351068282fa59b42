import { step } from '../../runtime/interpreter';
import type { Flow } from '../../flow/flow.types';

const flow: Flow = {
  format: 'leadline.flow/v1',
  id: 'http-secrets',
  name: 'HTTP with a secret',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'message' } },
    {
      id: 'call',
      type: 'http',
      data: {
        method: 'POST',
        url: 'https://crm.example.com/leads?source={{contact.name}}',
        headers: { Authorization: 'Bearer {{secrets.crm_token}}' },
        body: { phone: '{{contact.phone}}', key: '{{ secrets.other }}' },
        save: 'crm',
      },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'call' }],
};

describe('http node', () => {
  it('interpolates the request but leaves {{secrets.NAME}} for the engine, so secrets never enter run state', async () => {
    const { effects, state } = await step(
      flow,
      null,
      {
        type: 'start',
        runId: 'r1',
        trigger: 'message',
        contact: { phone: '+27740000001', name: 'Ana' },
        message: { type: 'text', text: 'hi', at: '2026-01-05T09:00:00.000Z' },
      },
      '2026-01-05T09:00:00.000Z',
    );
    const call = effects.find((effect) => effect.type === 'activity.call');
    expect(call).toMatchObject({
      request: {
        kind: 'http',
        method: 'POST',
        url: 'https://crm.example.com/leads?source=Ana',
        headers: { Authorization: 'Bearer {{secrets.crm_token}}' },
        body: { phone: '+27740000001', key: '{{secrets.other}}' },
        timeoutMs: 10_000,
        secrets: [
          { path: ['headers', 'Authorization'], index: 7, name: 'crm_token' },
          { path: ['body', 'key'], index: 0, name: 'other' },
        ],
      },
    });
    expect(state.status).toBe('waiting');
  });

  it('never makes a secret slot of a placeholder that came from a contact, an AI answer or a variable', async () => {
    const typed = 'x {{secrets.crm_token}} y';
    const leaky: Flow = {
      ...flow,
      nodes: [
        flow.nodes[0],
        { id: 'remember', type: 'set', data: { assign: { note: 'message.text' } } },
        {
          id: 'call',
          type: 'http',
          data: {
            method: 'POST',
            url: 'https://crm.example.com/{{vars.note}}',
            headers: { 'X-Note': '{{message.text}}' },
            body: { note: '{{vars.note}}', list: ['{{message.text}} and {{secrets.crm_token}}'] },
          },
        },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'remember' },
        { id: 'e2', source: 'remember', sourceHandle: 'next', target: 'call' },
      ],
    };
    const { effects } = await step(
      leaky,
      null,
      {
        type: 'start',
        runId: 'r1',
        trigger: 'message',
        contact: { phone: '+27740000001' },
        message: { type: 'text', text: typed, at: '2026-01-05T09:00:00.000Z' },
      },
      '2026-01-05T09:00:00.000Z',
    );
    const call = effects.find((effect) => effect.type === 'activity.call');
    expect(call).toMatchObject({
      request: {
        url: `https://crm.example.com/${typed}`,
        headers: { 'X-Note': typed },
        body: { note: typed, list: [`${typed} and {{secrets.crm_token}}`] },
        // Only the author's own placeholder, after the contact's text in that string.
        secrets: [{ path: ['body', 'list', 0], index: typed.length + 5, name: 'crm_token' }],
      },
    });
  });
});
