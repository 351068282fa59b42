import { useShallow } from 'zustand/react/shallow';
import type { FlowEntry } from '../../flows/flow-entry';
import { useEditor } from '../../store';

function FlowList({ title, flows, openKey }: { title: string; flows: FlowEntry[]; openKey: string | null }) {
  const openFlow = useEditor((state) => state.openFlow);
  const openRemoteFlow = useEditor((state) => state.openRemoteFlow);
  // A workspace flow is fetched when first opened; after that its edits live in the entry.
  const open = (entry: FlowEntry) =>
    entry.source === 'remote' && entry.document === null && entry.remoteId
      ? void openRemoteFlow(entry.remoteId)
      : openFlow(entry.key);
  return (
    <section className="flows-list" aria-label={title}>
      <h2 className="panel-title">{title}</h2>
      <ul>
        {flows.map((entry) => (
          <li key={entry.key}>
            <button
              type="button"
              className="flows-list__item"
              aria-current={entry.key === openKey ? 'true' : undefined}
              onClick={() => open(entry)}
              title={entry.fileName}
              data-flow-key={entry.key}
            >
              <span className="flows-list__name">
                {entry.name}
                {entry.activeVersion ? (
                  <span className="flows-list__version"> · v{entry.activeVersion}</span>
                ) : null}
              </span>
              <span className="flows-list__file">{entry.fileName}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FlowsSidebar() {
  const { flows, openKey } = useEditor(
    useShallow((state) => ({ flows: state.flows, openKey: state.openKey })),
  );
  const examples = flows.filter((entry) => entry.source === 'example');
  const yours = flows.filter((entry) => entry.source === 'imported');
  const workspace = flows.filter((entry) => entry.source === 'remote');
  return (
    <nav className="flows-sidebar" aria-label="Flows">
      {workspace.length > 0 && <FlowList title="Your flows" flows={workspace} openKey={openKey} />}
      {examples.length > 0 ? (
        <FlowList title="Example flows" flows={examples} openKey={openKey} />
      ) : (
        <p className="muted">No example flows in this build.</p>
      )}
      {yours.length > 0 && <FlowList title="This session" flows={yours} openKey={openKey} />}
    </nav>
  );
}
