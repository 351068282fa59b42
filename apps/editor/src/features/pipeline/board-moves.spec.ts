import { moveCard, shiftStage } from './board-moves';
import type { BoardColumn } from './pipeline-api';

const card = (id: string) => ({ id, name: id, phone: '+351910000000', tags: [], lastInboundAt: null });
const column = (id: string, cards: string[]): BoardColumn => ({
  id,
  name: id,
  position: 0,
  color: '#000000',
  startFlowKey: null,
  startFlowName: null,
  contacts: cards.length + 10,
  cards: cards.map(card),
});

describe('the pipeline board', () => {
  it('moves a card to the top of another column and adjusts both counts', () => {
    const board = [column('new', ['ana', 'rui']), column('won', ['eva'])];
    const next = moveCard(board, 'rui', 'won');
    expect(next.map((c) => [c.id, c.contacts, c.cards.map((x) => x.id)])).toEqual([
      ['new', 11, ['ana']],
      ['won', 12, ['rui', 'eva']],
    ]);
    expect(board[0].cards).toHaveLength(2);
  });

  it('leaves the board as it was for a drop on the same column or an unknown card', () => {
    const board = [column('new', ['ana']), column('won', [])];
    expect(moveCard(board, 'ana', 'new')).toEqual(board);
    expect(moveCard(board, 'nobody', 'won')).toEqual(board);
  });

  it('shifts a stage left or right, not past either end', () => {
    expect(shiftStage(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(shiftStage(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(shiftStage(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(shiftStage(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
  });
});
