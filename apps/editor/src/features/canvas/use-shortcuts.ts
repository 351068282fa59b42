import { useEffect } from 'react';
import { editorStore } from '../../store';
import { can, sessionStore } from '../auth';

/** Typing in a field keeps the browser's own Ctrl+C/V/Z and Delete. */
function isEditingText(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/**
 * The shortcuts people expect from an editor: Ctrl/Cmd + Z, Shift+Z or Y, C, X, V, A, S, and Delete or
 * Backspace for the selection. Shift+L lays the flow out.
 */
export function useEditorShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isEditingText(event.target)) return;
      const state = editorStore.getState();
      if (!state.openKey) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && !event.shiftKey) state.undo();
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) state.redo();
      else if (mod && key === 'c') state.copy();
      else if (mod && key === 'x') state.cut();
      else if (mod && key === 'v') state.paste();
      else if (mod && key === 'a') state.selectAll();
      else if (mod && key === 's')
        void (can(sessionStore.getState().caller, 'flows:write') ? state.save() : undefined);
      else if (!mod && (key === 'delete' || key === 'backspace')) state.deleteSelection();
      else if (!mod && event.shiftKey && key === 'l') state.autoLayout();
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
