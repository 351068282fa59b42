import type { EditorState } from './editor.store';
import type { SliceCreator } from './editor-kit';
import { emptyHistory, record, redo, undo, type History, type Snapshot } from './history';
import { inspectedOf } from '../features/canvas/canvas.slice';

/** Edits of the same node's properties this close together are one undo step (typing a word). */
export const TYPING_UNDO_WINDOW_MS = 1_000;

export interface HistorySlice {
  history: History;
  /** Records the flow as it is now, before an edit that React Flow makes itself (a drag). */
  checkpoint(): void;
  undo(): void;
  redo(): void;
}

/** The history a newly opened flow starts with. */
export const freshHistory = (): Pick<HistorySlice, 'history'> => ({ history: emptyHistory() });

/** Undo and redo over snapshots of the flow as drawn (see history.ts). */
export const createHistorySlice: SliceCreator<HistorySlice> = (set, get, kit) => {
  const now = kit.options.now ?? (() => Date.now());
  let lastPropertyEdit: { nodeId: string; at: number } | null = null;

  const snapshot = (): Snapshot => {
    const { envelope, nodes, edges } = get();
    return { envelope, nodes, edges };
  };
  kit.snapshot = snapshot;
  kit.forgetTyping = () => {
    lastPropertyEdit = null;
  };
  kit.edit = (change) => {
    lastPropertyEdit = null;
    set({ ...change, history: record(get().history, snapshot()), edited: true });
    kit.revalidate();
  };
  kit.editProperties = (nodeId, nodes) => {
    const at = now();
    const typing = lastPropertyEdit?.nodeId === nodeId && at - lastPropertyEdit.at < TYPING_UNDO_WINDOW_MS;
    if (!typing) {
      kit.edit({ nodes });
      lastPropertyEdit = { nodeId, at };
      return;
    }
    lastPropertyEdit = { nodeId, at };
    // The undo step recorded at the first keystroke already holds the text as it was before.
    set({ nodes, edited: true, history: { ...get().history, future: [] } });
    kit.revalidate();
  };

  const restore = (step: { history: History; snapshot: Snapshot } | null): void => {
    if (!step) return;
    set({
      ...step.snapshot,
      history: step.history,
      edited: true,
      inspected: inspectedOf(step.snapshot.nodes),
    } satisfies Partial<EditorState>);
    kit.revalidate();
  };

  return {
    ...freshHistory(),

    checkpoint: () => set({ history: record(get().history, snapshot()), edited: true }),

    undo: () => {
      lastPropertyEdit = null;
      restore(undo(get().history, snapshot()));
    },

    redo: () => {
      lastPropertyEdit = null;
      restore(redo(get().history, snapshot()));
    },
  };
};
