import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store';
import { flowSettingsJsonSchema } from '../inspector/json-schema';
import { SchemaField } from '../inspector/schema-form';

function VersionsSection() {
  const { remote, versions, loadVersions, compareVersion, archiveFlow, busy } = useEditor(
    useShallow((state) => ({
      remote: Boolean(state.flows.find((entry) => entry.key === state.openKey)?.remoteId),
      versions: state.versions,
      loadVersions: state.loadVersions,
      compareVersion: state.compareVersion,
      archiveFlow: state.archiveFlow,
      busy: state.busy,
    })),
  );
  if (!remote) return null;
  return (
    <div className="versions" aria-label="Versions" role="region">
      <h3 className="panel-title">Versions</h3>
      {versions === null ? (
        <button type="button" className="chip" onClick={() => void loadVersions()} disabled={busy}>
          Show versions
        </button>
      ) : versions.length === 0 ? (
        <p className="muted">Not published yet.</p>
      ) : (
        <ul className="versions__list">
          {versions.map((version) => (
            <li key={version.id} className="versions__item">
              <span>
                v{version.version}
                {version.active && <strong> · live</strong>}
                <span className="muted"> {new Date(version.publishedAt).toLocaleString()}</span>
              </span>
              <button type="button" className="chip" onClick={() => void compareVersion(version.version)}>
                Compare with draft
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button button--small versions__archive"
        disabled={busy}
        onClick={() => {
          if (window.confirm('Archive this flow? It leaves the list; its versions and runs are kept.'))
            void archiveFlow();
        }}
      >
        Archive flow
      </button>
    </div>
  );
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** What the open flow is about, and its settings, when no single step is selected. */
export function FlowDetails() {
  const { envelope, nodeCount, edgeCount, openKey, updateEnvelope, renameFlow, setFlowId, published } =
    useEditor(
      useShallow((state) => ({
        envelope: state.envelope,
        nodeCount: state.nodes.length,
        edgeCount: state.edges.length,
        openKey: state.openKey,
        updateEnvelope: state.updateEnvelope,
        renameFlow: state.renameFlow,
        setFlowId: state.setFlowId,
        published: Boolean(state.flows.find((entry) => entry.key === state.openKey)?.activeVersion),
      })),
    );
  if (!openKey) return null;
  const description = typeof envelope.description === 'string' ? envelope.description : undefined;
  const name = typeof envelope.name === 'string' ? envelope.name : '';
  const id = typeof envelope.id === 'string' ? envelope.id : '';
  const settings =
    envelope.settings && typeof envelope.settings === 'object'
      ? (envelope.settings as Record<string, unknown>)
      : {};
  return (
    <section className="flow-details" aria-label="About this flow">
      <h2 className="panel-title">About this flow</h2>
      {description && <p className="flow-details__description">{description}</p>}
      <p className="muted">
        {plural(nodeCount, 'step')} · {plural(edgeCount, 'connection')}
      </p>
      <form className="inspector__form" onSubmit={(event) => event.preventDefault()}>
        <label className="field" htmlFor="flow-name">
          <span className="field__label">Name</span>
          <input
            id="flow-name"
            className="field__input"
            value={name}
            onChange={(event) => renameFlow(event.currentTarget.value)}
          />
        </label>
        <label className="field" htmlFor="flow-id">
          <span className="field__label">Flow ID</span>
          <input
            id="flow-id"
            className="field__input"
            value={id}
            readOnly={published}
            aria-describedby="flow-id-hint"
            onChange={(event) =>
              setFlowId(
                event.currentTarget.value
                  .toLowerCase()
                  .replace(/[^a-z0-9-]+/g, '-')
                  .slice(0, 64),
              )
            }
          />
          <span id="flow-id-hint" className="field__hint">
            {published
              ? 'Used in links and by the API; it stays the same once the flow is published.'
              : 'Made from the name; used in links and by the API. You can change it until you publish.'}
          </span>
        </label>
        <h3 className="panel-title">Settings</h3>
        <SchemaField
          schema={flowSettingsJsonSchema()}
          value={settings}
          path={['settings']}
          data={settings}
          onChange={(next) => {
            const { settings: _old, ...rest } = envelope;
            const value = (next ?? {}) as Record<string, unknown>;
            updateEnvelope(Object.keys(value).length ? { ...rest, settings: value } : rest);
          }}
        />
      </form>
      <VersionsSection />
    </section>
  );
}
