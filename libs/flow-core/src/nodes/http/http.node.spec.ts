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
        body: { phone: '+27740000001', key: '{{ secrets.other }}' },
        timeoutMs: 10_000,
      },
    });
    expect(state.status).toBe('waiting');
  });
});
