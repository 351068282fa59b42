import { useRef, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store';

export function EditorToolbar() {
  const fileInput = useRef<HTMLInputElement>(null);
  const { envelope, openKey, newFlow, importFlowText } = useEditor(
    useShallow((state) => ({
      envelope: state.envelope,
      openKey: state.openKey,
      newFlow: state.newFlow,
      importFlowText: state.importFlowText,
    })),
  );
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

  return (
    <header className="toolbar">
      <span className="toolbar__brand">
        <span aria-hidden="true">💬</span> Leadline
      </span>
      <h1 className="toolbar__flow">
        {openKey ? (name ?? 'Unnamed flow') : 'Flow editor'}
        {openKey && id && <span className="toolbar__flow-id">{id}</span>}
      </h1>
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
