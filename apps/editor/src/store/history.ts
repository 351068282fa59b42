import type { CanvasEdge, CanvasNode } from '../flows/canvas-model';

/** What undo restores: the flow as drawn (selection included, so the author sees what came back). */
export interface Snapshot {
  envelope: Record<string, unknown>;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export interface History {
  past: Snapshot[];
  future: Snapshot[];
}

/** Enough for an editing session; older steps fall off so memory stays flat on big flows. */
export const HISTORY_LIMIT = 100;

export const emptyHistory = (): History => ({ past: [], future: [] });

/** Records `current` before an edit; a new edit forgets what was undone. */
export function record(history: History, current: Snapshot): History {
  return { past: [...history.past, current].slice(-HISTORY_LIMIT), future: [] };
}

export function undo(history: History, current: Snapshot): { history: History; snapshot: Snapshot } | null {
  const snapshot = history.past.at(-1);
  if (!snapshot) return null;
  return { history: { past: history.past.slice(0, -1), future: [current, ...history.future] }, snapshot };
}

export function redo(history: History, current: Snapshot): { history: History; snapshot: Snapshot } | null {
  const snapshot = history.future[0];
  if (!snapshot) return null;
  return { history: { past: [...history.past, current], future: history.future.slice(1) }, snapshot };
}
