import { getNodeDefinition, nodeDefinitions } from '@leadline/flow-core';
import { edgeLabel, nodePorts, viewNode } from './node-view';

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

describe('plain port words', () => {
  it('labels the shared exits in plain words, never by their ids', () => {
    const labels = nodePorts('question', { text: 'When?', timeout: '1h' }).map((port) => port.label);
    expect(labels).toEqual([
      'If they answer',
      'If the answer is not valid',
      "If they don't answer",
      'If the 24-hour window is closed',
    ]);
    expect(nodePorts('http', { url: 'https://x.example' }).map((port) => port.label)).toEqual([
      'If it works',
      'If it fails',
    ]);
    expect(nodePorts('wait', { duration: '1d', interruptOnReply: true }).map((port) => port.label)).toEqual([
      'When the wait is over',
      'If they reply',
    ]);
  });

  it('gives an edge the words of its port, and a button its title', () => {
    const data = { text: 'Pick', buttons: [{ id: 'b1', title: 'Yes please' }] };
    expect(edgeLabel('question', data, 'option:b1')).toBe('Yes please');
    expect(edgeLabel('question', data, 'invalid')).toBe('If the answer is not valid');
    expect(edgeLabel('teleport', {}, 'timeout')).toBe("If they don't answer");
  });
});
