import type { BoardColumn, BoardCard } from './pipeline-api';

/**
 * The board after a card moved to another column (at the top: most recently moved first), with the
 * columns' counts adjusted. The board shows this at once; the API's answer confirms or undoes it.
 */
export function moveCard(board: readonly BoardColumn[], contactId: string, toStageId: string): BoardColumn[] {
  let card: BoardCard | undefined;
  let fromStageId: string | undefined;
  for (const column of board) {
    const found = column.cards.find((candidate) => candidate.id === contactId);
    if (found) {
      card = found;
      fromStageId = column.id;
    }
  }
  if (!card || fromStageId === toStageId) return [...board];
  const moved = card;
  return board.map((column) => {
    if (column.id === fromStageId) {
      return {
        ...column,
        contacts: column.contacts - 1,
        cards: column.cards.filter((c) => c.id !== contactId),
      };
    }
    if (column.id === toStageId)
      return { ...column, contacts: column.contacts + 1, cards: [moved, ...column.cards] };
    return column;
  });
}

/** The stages' ids after moving one a place left (-1) or right (+1); unchanged at either end. */
export function shiftStage(ids: readonly string[], stageId: string, by: -1 | 1): string[] {
  const from = ids.indexOf(stageId);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

/** A workspace's first pipeline, offered on an empty board. */
export const STARTER_STAGES = [
  { name: 'New lead', color: '#2563eb' },
  { name: 'Qualified', color: '#7c3aed' },
  { name: 'Proposal sent', color: '#ea580c' },
  { name: 'Won', color: '#16a34a' },
  { name: 'Lost', color: '#64748b' },
];
