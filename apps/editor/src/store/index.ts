import { useStore } from 'zustand';
import { ApiClient, type Session } from '../api/api-client';
import { bundledFlows } from '../flows/bundled-flows';
import { createEditorStore, type EditorState } from './editor.store';

export type { EditorState, NodeIssues, Notice, SimulatorView } from './editor.store';

/** The session survives a reload of the tab (not a closed browser): sessionStorage, not localStorage. */
const SESSION_KEY = 'leadline.editor.session';

function storedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    const parsed = raw ? (JSON.parse(raw) as Session) : null;
    return parsed && typeof parsed.token === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function keepSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Private mode without storage: the session lasts until the tab reloads.
  }
}

const api = new ApiClient(
  () => editorStore.getState().session,
  undefined,
  (session) => {
    keepSession(session);
    editorStore.setState({ session });
  },
);

/** The one store of the editor app; components read slices of it with `useEditor`. */
export const editorStore = createEditorStore(bundledFlows(), {
  api,
  session: storedSession(),
  onSession: keepSession,
});

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(editorStore, selector);
}
