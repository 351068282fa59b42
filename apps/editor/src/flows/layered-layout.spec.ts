import type { FlowEdge, FlowNode } from '@leadline/flow-core';
import { COLUMN_GAP, DEFAULT_NODE_SIZE, LAYER_GAP, layoutFlow } from './layered-layout';

const node = (id: string, type = 'message', position?: { x: number; y: number }): FlowNode => ({
  id,
  type,
  data: {},
  ...(position ? { position } : {}),
});
const edge = (source: string, target: string): FlowEdge => ({ id: `${source}-${target}`, source, target });

describe('layoutFlow', () => {
  it('puts each node one layer below the first node that leads to it, starting at the trigger', () => {
    const nodes = [node('end'), node('ask'), node('start', 'trigger'), node('yes'), node('no')];
    const edges = [
      edge('start', 'ask'),
      edge('ask', 'yes'),
      edge('ask', 'no'),
      edge('yes', 'end'),
      edge('no', 'end'),
    ];
    const positions = layoutFlow(nodes, edges);

    const step = DEFAULT_NODE_SIZE.height + LAYER_GAP;
    expect(positions.get('start')?.y).toBe(0);
    expect(positions.get('ask')?.y).toBe(step);
    expect(positions.get('yes')?.y).toBe(2 * step);
    expect(positions.get('no')?.y).toBe(2 * step);
    expect(positions.get('end')?.y).toBe(3 * step);
    // Siblings side by side with a gap, the layer centred under its parent.
    expect(positions.get('no')!.x - positions.get('yes')!.x).toBe(DEFAULT_NODE_SIZE.width + COLUMN_GAP);
    expect(positions.get('yes')!.x + positions.get('no')!.x + DEFAULT_NODE_SIZE.width).toBe(0);
    expect(positions.get('start')!.x + DEFAULT_NODE_SIZE.width / 2).toBe(0);
  });

  it('gives every node its own spot, also nodes nothing leads to and cycles', () => {
    const nodes = [
      node('start', 'trigger'),
      node('loop'),
      node('back'),
      node('orphan'),
      node('orphan_child'),
    ];
    const edges = [
      edge('start', 'loop'),
      edge('loop', 'back'),
      edge('back', 'loop'),
      edge('orphan', 'orphan_child'),
    ];
    const positions = layoutFlow(nodes, edges);

    expect(positions.size).toBe(nodes.length);
    const spots = new Set([...positions.values()].map((position) => `${position.x},${position.y}`));
    expect(spots.size).toBe(nodes.length);
    // The unconnected part is drawn below the reachable part, not mixed into it.
    expect(positions.get('orphan')!.y).toBeGreaterThan(positions.get('back')!.y);
    expect(positions.get('orphan_child')!.y).toBeGreaterThan(positions.get('orphan')!.y);
  });

  it('keeps the positions the author set and places the others below them', () => {
    const nodes = [node('start', 'trigger', { x: 40, y: 500 }), node('next')];
    const positions = layoutFlow(nodes, [edge('start', 'next')]);

    expect(positions.get('start')).toEqual({ x: 40, y: 500 });
    expect(positions.get('next')!.y).toBeGreaterThan(500);
  });

  it('keeps wide nodes of one layer from overlapping', () => {
    const nodes = [node('start', 'trigger'), node('wide'), node('narrow')];
    const sizes: Record<string, { width: number; height: number }> = {
      start: { width: 200, height: 80 },
      wide: { width: 600, height: 140 },
      narrow: { width: 200, height: 80 },
    };
    const positions = layoutFlow(nodes, [edge('start', 'wide'), edge('start', 'narrow')], (n) => sizes[n.id]);

    expect(positions.get('narrow')!.x).toBeGreaterThanOrEqual(positions.get('wide')!.x + 600 + COLUMN_GAP);
    expect(positions.get('wide')!.y).toBe(80 + LAYER_GAP);
  });

  it('ignores edges to nodes that do not exist', () => {
    const positions = layoutFlow(
      [node('start', 'trigger')],
      [edge('start', 'ghost'), edge('ghost', 'start')],
    );
    expect([...positions.keys()]).toEqual(['start']);
  });
});
