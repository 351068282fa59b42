import { diffFlows } from './flow-diff';

const base = {
  format: 'leadline.flow/v1',
  id: 'f',
  name: 'F',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'message' } },
    { id: 'hello', type: 'message', position: { x: 0, y: 100 }, data: { text: 'Hi' } },
    { id: 'bye', type: 'end', position: { x: 0, y: 200 }, data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
    { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'bye' },
  ],
};

describe('diffFlows', () => {
  it('finds nothing between a flow and a copy of it, even when nodes moved', () => {
    const moved = structuredClone(base);
    moved.nodes[1].position = { x: 500, y: 500 };
    expect(diffFlows(base, moved)).toEqual({
      nodes: { added: [], removed: [], changed: [] },
      edges: { added: [], removed: [], changed: [] },
      flow: [],
      same: true,
    });
  });

  it('reports added, removed and changed nodes and edges with the fields that changed', () => {
    const next = structuredClone(base) as typeof base;
    next.name = 'F2';
    next.nodes[1].data = { text: 'Hello' };
    next.nodes = next.nodes.filter((node) => node.id !== 'bye');
    next.nodes.push({ id: 'ask', type: 'question', position: { x: 0, y: 0 }, data: { text: '?' } } as never);
    next.edges[0].target = 'ask';
    next.edges = next.edges.filter((edge) => edge.id !== 'e2');
    next.edges.push({ id: 'e3', source: 'ask', sourceHandle: 'answered', target: 'hello' });

    const diff = diffFlows(base, next);
    expect(diff.nodes).toEqual({
      added: ['ask'],
      removed: ['bye'],
      changed: [{ id: 'hello', fields: ['data'] }],
    });
    expect(diff.edges).toEqual({
      added: ['e3'],
      removed: ['e2'],
      changed: [{ id: 'e1', fields: ['target'] }],
    });
    expect(diff.flow).toEqual(['name']);
    expect(diff.same).toBe(false);
  });

  it('compares half-written drafts without failing on items that have no id', () => {
    const diff = diffFlows({ nodes: [{ type: 'message' }, { id: 'a' }] }, { nodes: 'oops' });
    expect(diff.nodes.removed).toEqual(['a']);
    expect(diff.nodes.added).toEqual([]);
  });
});
