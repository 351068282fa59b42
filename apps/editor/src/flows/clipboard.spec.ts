import type { CanvasEdge, CanvasNode } from './canvas-model';
import { copySelection, pasteClipboard } from './clipboard';

const node = (id: string, nodeType: string, selected = false): CanvasNode => ({
  id,
  type: 'flow',
  position: { x: 10, y: 20 },
  selected,
  data: { nodeType, config: { text: id } },
});

describe('clipboard', () => {
  it('copies nothing without a selection', () => {
    expect(copySelection([node('a', 'message')], [])).toBeNull();
  });

  it('keeps only the edges whose both ends are copied, and renames on paste', () => {
    const nodes = [node('a', 'message', true), node('b', 'message', true), node('c', 'end')];
    const edges: CanvasEdge[] = [
      { id: 'ab', source: 'a', sourceHandle: 'next', target: 'b' },
      { id: 'bc', source: 'b', sourceHandle: 'next', target: 'c' },
    ];
    const clipboard = copySelection(nodes, edges)!;
    expect(clipboard.edges.map((edge) => edge.id)).toEqual(['ab']);
    const pasted = pasteClipboard(clipboard, { nodes, edges }, { x: 5, y: 5 });
    expect(pasted.nodes.map((n) => [n.id, n.position])).toEqual([
      ['message_1', { x: 15, y: 25 }],
      ['message_2', { x: 15, y: 25 }],
    ]);
    expect(pasted.edges).toEqual([
      expect.objectContaining({ id: 'e_message_1_next', source: 'message_1', target: 'message_2' }),
    ]);
  });
});
