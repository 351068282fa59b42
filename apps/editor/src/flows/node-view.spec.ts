import { getNodeDefinition, nodeDefinitions } from '@leadline/flow-core';
import { nodePorts, viewNode } from './node-view';

describe('viewNode', () => {
  it('draws every node type of the core from its definition, with the ports of its defaults', () => {
    for (const definition of nodeDefinitions) {
      const defaults = structuredClone(definition.defaults) as Record<string, unknown>;
      const view = viewNode(definition.type, defaults);
      const parsed = definition.dataSchema.parse(defaults);

      expect(view.icon).toBe(definition.icon);
      expect(view.typeLabel).toBe(definition.label);
      expect(view.category).toBe(definition.category);
      expect(view.ports).toEqual(definition.ports(parsed as never));
      expect(view.acceptsEdges).toBe(definition.category !== 'trigger');
    }
  });

  it('lists a question port per button, named after the button', () => {
    const ports = nodePorts('question', {
      text: 'Pick one',
      expect: 'choice',
      buttons: [
        { id: 'yes', title: 'Yes please' },
        { id: 'no', title: 'No' },
      ],
    });
    expect(ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'option:yes', label: 'Yes please' }),
        expect.objectContaining({ id: 'option:no', label: 'No' }),
      ]),
    );
  });

  it('uses the author label as the title and keeps the type visible', () => {
    const view = viewNode('message', { text: 'Hello', label: 'Greeting' });
    expect(view.title).toBe('Greeting');
    expect(view.typeLabel).toBe(getNodeDefinition('message')?.label);
  });

  it('still draws a node of an unknown type, without ports', () => {
    const view = viewNode('teleport', { text: 'Beam me up' });
    expect(view.definition).toBeUndefined();
    expect(view.typeLabel).toContain('teleport');
    expect(view.ports).toEqual([]);
    expect(view.summary).toBe('Beam me up');
    expect(view.acceptsEdges).toBe(true);
  });

  it('does not throw on data its type rejects', () => {
    expect(() => viewNode('condition', { rules: 'not a list' })).not.toThrow();
    expect(() => viewNode('question', {})).not.toThrow();
  });
});
