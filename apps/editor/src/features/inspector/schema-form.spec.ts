import { emptyRequiredKeys } from './json-schema';

// Issue 26 item 2: a custom activity's required input left empty is flagged in its form.
describe('required inputs left empty', () => {
  const input = {
    type: 'object',
    properties: {
      orderId: { type: 'string' },
      count: { type: 'number' },
      note: { type: 'string' },
      items: { type: 'array', items: { type: 'string' } },
    },
    required: ['orderId', 'count', 'items'],
  };

  it('are the required text and number fields with nothing (or only spaces) in them', () => {
    expect(emptyRequiredKeys(input, { orderId: '  ' })).toEqual(['orderId', 'count']);
    expect(emptyRequiredKeys(input, {})).toEqual(['orderId', 'count']);
  });

  it('are none once a value or a variable is there', () => {
    expect(emptyRequiredKeys(input, { orderId: '{{message.text}}', count: 2 })).toEqual([]);
  });
});
