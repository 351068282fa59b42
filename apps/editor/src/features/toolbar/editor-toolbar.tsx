import { useRef, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store';
import { can, useSession } from '../auth';
import { PublishBlockers } from './publish-blockers';
import { SaveStatus } from './save-status';

export function EditorToolbar() {
  const fileInput = useRef<HTMLInputElement>(null);
  const state = useEditor(
    useShallow((state) => ({
      envelope: state.envelope,
      openKey: state.openKey,
      newFlow: state.newFlow,
      importFlowText: state.importFlowText,
      canUndo: state.history.past.length > 0,
      canRedo: state.history.future.length > 0,
      undo: state.undo,
      redo: state.redo,
      autoLayout: state.autoLayout,
      simStart: state.simStart,
      simOpen: state.sim.open,
      busy: state.busy,
      save: state.save,
      preparePublish: state.preparePublish,
      duplicateFlow: state.duplicateFlow,
      exportDocument: state.exportDocument,
      showAnalytics: state.showAnalytics,
      hideAnalytics: state.hideAnalytics,
      analyticsOn: state.analytics !== null,
      activeVersion: state.flows.find((entry) => entry.key === state.openKey)?.activeVersion ?? null,
      // What stops publishing: the errors the core finds (the server would refuse the same ones).
      blockers: state.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
    })),
  );
  const { envelope, openKey, newFlow, importFlowText, busy } = state;
  // Saving, publishing and the workspace's analytics need an account that may edit flows.
  const session = useSession((auth) => can(auth.caller, 'flows:write'));
  const name = typeof envelope.name === 'string' ? envelope.name : undefined;
  const id = typeof envelope.id === 'string' ? envelope.id : undefined;

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    // Cleared so that choosing the same file again (after fixing it) imports it again.
    input.value = '';
    importFlowText(file.name, text);
  };

  const exportJson = () => {
    const file = state.exportDocument();
    if (!file) return;
    const url = URL.createObjectURL(new Blob([file.text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };

  return (
    <header className="toolbar">
      <h1 className="toolbar__flow">
        {openKey ? (name ?? 'Unnamed flow') : 'Flow editor'}
        {openKey && id && <span className="toolbar__flow-id">{id}</span>}
        {openKey && state.activeVersion && (
          <span className="toolbar__version">v{state.activeVersion} live</span>
        )}
      </h1>
      <SaveStatus />
      {openKey && (
        <div className="toolbar__actions" role="toolbar" aria-label="Edit">
          <button
            type="button"
            className="button"
            onClick={state.undo}
            disabled={!state.canUndo}
            title="Undo (Ctrl+Z)"
          >
            ↶ Undo
          </button>
          <button
            type="button"
            className="button"
            onClick={state.redo}
            disabled={!state.canRedo}
            title="Redo (Ctrl+Shift+Z)"
          >
            ↷ Redo
          </button>
          <button
            type="button"
            className="button"
            onClick={state.autoLayout}
            title="Tidy the layout (Shift+L)"
          >
            Auto-layout
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void state.simStart()}
            aria-pressed={state.simOpen}
          >
            ▶ Simulate
          </button>
          <button type="button" className="button" onClick={exportJson}>
            Export JSON
          </button>
          {session && (
            <>
              <button
                type="button"
                className="button"
                onClick={() => void state.duplicateFlow()}
                disabled={busy}
              >
                Duplicate
              </button>
              <button
                type="button"
                className="button"
                aria-pressed={state.analyticsOn}
                onClick={() => void (state.analyticsOn ? state.hideAnalytics() : state.showAnalytics())}
              >
                Analytics
              </button>
              <button
                type="button"
                className="button"
                onClick={() => void state.save()}
                disabled={busy}
                title="Save the draft (Ctrl+S)"
              >
                Save
              </button>
              <button
                type="button"
                className="button button--primary"
                onClick={() => void state.preparePublish()}
                disabled={busy || state.blockers > 0}
                aria-describedby={state.blockers > 0 ? 'publish-blockers' : undefined}
              >
                Publish…
              </button>
              {state.blockers > 0 && <PublishBlockers />}
            </>
          )}
        </div>
      )}
      <div className="toolbar__actions">
        <button type="button" className="button" onClick={newFlow}>
          New flow
        </button>
        <button type="button" className="button button--primary" onClick={() => fileInput.current?.click()}>
          Import JSON
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label="Flow JSON file"
          data-testid="import-file"
          onChange={(event) => void onFile(event)}
        />
      </div>
    </header>
  );
}
