import { Simulation, validateFlow } from '@leadline/flow-core';
import { sampleOf, simulatedActivityAnswers } from './simulated-activities';

describe("the editor's simulator and custom activities", () => {
  const output = {
    type: 'object',
    properties: {
      found: { type: 'boolean' },
      status: { type: 'string', enum: ['paid', 'shipped'] },
      total: { type: 'number', minimum: 0 },
      items: { type: 'array', items: { type: 'string' } },
      note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    },
    required: ['found', 'status'],
  };

  it('samples a value of the declared output shape', () => {
    expect(sampleOf(output)).toEqual({
      found: true,
      status: 'paid',
      total: 0,
      items: ['sample items'],
      note: 'sample note',
    });
  });

  it('answers an unscripted custom activity with that sample, so the flow goes on by ok', async () => {
    const flow = validateFlow({
      format: 'leadline.flow/v1',
      id: 'orders',
      name: 'Orders',
      nodes: [
        { id: 'start', type: 'trigger', data: { on: 'message' } },
        { id: 'lookup', type: 'activity', data: { name: 'lookup-order', input: {}, save: 'order' } },
        { id: 'found', type: 'message', data: { text: 'Your order is {{vars.order.status}}' } },
        { id: 'sorry', type: 'message', data: { text: 'Sorry: {{error.code}}' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'lookup' },
        { id: 'e2', source: 'lookup', sourceHandle: 'ok', target: 'found' },
        { id: 'e3', source: 'lookup', sourceHandle: 'error', target: 'sorry' },
      ],
    }).flow!;
    const contact = { phone: '+27740000001' };
    const start = '2026-01-05T09:00:00.000Z';

    const known = new Simulation(
      flow,
      contact,
      start,
      simulatedActivityAnswers([{ name: 'lookup-order', output }]),
    );
    await known.user('A-1');
    expect(known.events.at(-1)).toMatchObject({ node: 'found', text: 'Your order is paid' });

    // An activity the manifest does not describe still says that the simulation has no answer.
    const unknown = new Simulation(flow, contact, start, simulatedActivityAnswers([]));
    await unknown.user('A-1');
    expect(unknown.events.at(-1)).toMatchObject({ node: 'sorry', text: 'Sorry: SIMULATOR_NO_ANSWER' });
  });
});
