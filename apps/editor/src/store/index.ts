import { useStore } from 'zustand';
import { bundledFlows } from '../flows/bundled-flows';
import { createEditorStore, type EditorState } from './editor.store';

export type { EditorState, NodeIssues, Notice } from './editor.store';

/** The one store of the editor app; components read slices of it with `useEditor`. */
export const editorStore = createEditorStore(bundledFlows());

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(editorStore, selector);
}
