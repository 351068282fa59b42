import { useShallow } from 'zustand/react/shallow';
import { useEditor, type SaveState } from '../../store';

const WORDS: Record<SaveState, string> = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  conflict: 'Not saved: changed elsewhere',
  error: 'Not saved: will retry on your next edit',
  local: 'Not in your workspace',
};

/** Where the author's work is: saved, waiting for the autosave, saving, or stuck (and why). */
export function SaveStatus() {
  const { saveState, edited, openKey } = useEditor(
    useShallow((state) => ({ saveState: state.saveState, edited: state.edited, openKey: state.openKey })),
  );
  if (!openKey) return null;
  // An example or an import: "not saved" matters only once it was changed.
  const text = saveState === 'local' ? (edited ? 'Changes not saved' : null) : WORDS[saveState];
  if (!text) return null;
  return (
    <span
      className={`save-status save-status--${saveState}`}
      role="status"
      aria-label="Save status"
      data-state={saveState}
    >
      {text}
    </span>
  );
}

/** A conflict waits for the author: reload the other version, or save this one over it. */
export function ConflictBar() {
  const { conflict, resolve, busy } = useEditor(
    useShallow((state) => ({
      conflict: state.saveState === 'conflict',
      resolve: state.resolveConflict,
      busy: state.busy,
    })),
  );
  if (!conflict) return null;
  return (
    <div className="conflict-bar" role="alertdialog" aria-label="Changed elsewhere">
      <span>This flow was changed in another tab or by someone else. Nothing was overwritten.</span>
      <button type="button" className="button" disabled={busy} onClick={() => void resolve('theirs')}>
        Load their version
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => void resolve('mine')}>
        Keep mine (save over theirs)
      </button>
    </div>
  );
}
