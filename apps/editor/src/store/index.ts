import { useStore } from 'zustand';
import { bundledFlows } from '../flows/bundled-flows';
import { api, onSignedOut, sessionStore } from '../features/auth';
import { attachAutosave } from './autosave';
import { createEditorStore, type EditorState } from './editor.store';

export type { EditorState, NodeIssues, Notice, SaveState, SimulatorView } from './editor.store';

/** The flow editor's store; the session it saves and publishes with lives in features/auth. */
export const editorStore = createEditorStore(bundledFlows(), {
  api,
  signedIn: () => sessionStore.getState().session !== null,
  onSessionEnded: () => sessionStore.getState().ended(),
});

onSignedOut(() => editorStore.getState().forgetWorkspace());

/** How long after the last edit the draft is saved to the workspace. */
export const AUTOSAVE_DELAY_MS = 1_000;
attachAutosave(editorStore, AUTOSAVE_DELAY_MS);

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(editorStore, selector);
}
