import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store';
import { flowSettingsJsonSchema } from '../inspector/json-schema';
import { SchemaField } from '../inspector/schema-form';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** What the open flow is about, and its settings, when no single step is selected. */
export function FlowDetails() {
  const { envelope, nodeCount, edgeCount, openKey, updateEnvelope } = useEditor(
    useShallow((state) => ({
      envelope: state.envelope,
      nodeCount: state.nodes.length,
      edgeCount: state.edges.length,
      openKey: state.openKey,
      updateEnvelope: state.updateEnvelope,
    })),
  );
  if (!openKey) return null;
  const description = typeof envelope.description === 'string' ? envelope.description : undefined;
  const name = typeof envelope.name === 'string' ? envelope.name : '';
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
            onChange={(event) => updateEnvelope({ ...envelope, name: event.currentTarget.value })}
          />
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
    </section>
  );
}
