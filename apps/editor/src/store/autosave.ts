import type { EditorStore } from './editor.store';

/**
 * Saves the open workspace flow a moment after the author stops editing, so no work waits on a Save
 * button. Only changes to the document count (a selection or a card's measured size is no edit);
 * the store's save tells a real change from none and handles conflicts (it never overwrites a newer
 * draft: see DRAFT_CONFLICT). Returns a function that stops it.
 */
export function attachAutosave(store: EditorStore, delayMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    const state = store.getState();
    const entry = state.flows.find((candidate) => candidate.key === state.openKey);
    if (entry?.source !== 'remote' || state.saveState === 'conflict') return;
    if (state.saveState === 'saving') {
      timer = setTimeout(fire, delayMs); // the edits made during a save go in the next one
      return;
    }
    if (!state.hasUnsavedChanges()) {
      if (state.saveState === 'unsaved') store.setState({ saveState: 'saved' });
      return;
    }
    void state.save({ auto: true });
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.openKey !== previous.openKey || !state.openKey || !state.edited) return;
    if (
      state.nodes === previous.nodes &&
      state.edges === previous.edges &&
      state.envelope === previous.envelope
    )
      return;
    const entry = state.flows.find((candidate) => candidate.key === state.openKey);
    if (entry?.source !== 'remote' || state.saveState === 'conflict') return;
    // Measuring or selecting a card makes new node objects too: only a changed document is "unsaved".
    if ((state.saveState === 'saved' || state.saveState === 'error') && state.hasUnsavedChanges())
      store.setState({ saveState: 'unsaved' });
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, delayMs);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
