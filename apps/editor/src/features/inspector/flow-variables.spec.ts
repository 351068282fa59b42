import { flowVariables } from './flow-variables';

describe('the variables the {{ }} menu offers', () => {
  const activities = [
    {
      name: 'lookup-order',
      output: { type: 'object', properties: { found: { type: 'boolean' }, status: { type: 'string' } } },
    },
  ];
  const node = (nodeType: string, config: Record<string, unknown>) => ({ data: { nodeType, config } });

  it("offers a custom activity's output fields under its save variable, and error.* once an error port is used", () => {
    const nodes = [
      node('activity', { name: 'lookup-order', input: {}, save: 'order' }),
      node('question', { text: 'Name?', save: 'name' }),
    ];
    expect(flowVariables(nodes, [{ sourceHandle: 'ok' }], activities)).toEqual([
      'contact.name',
      'contact.phone',
      'vars.name',
      'vars.order',
      'vars.order.found',
      'vars.order.status',
    ]);
    expect(flowVariables(nodes, [{ sourceHandle: 'error' }], activities)).toEqual(
      expect.arrayContaining(['error.code', 'error.message']),
    );
  });

  it('offers only the variable for an activity the manifest does not describe', () => {
    expect(flowVariables([node('activity', { name: 'other', save: 'x' })], [], activities)).toEqual([
      'contact.name',
      'contact.phone',
      'vars.x',
    ]);
  });
});
