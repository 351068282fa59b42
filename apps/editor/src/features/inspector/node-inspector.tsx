import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getNodeDefinition } from '@leadline/flow-core';
import { useEditor } from '../../store';
import type { ActivityManifestEntry } from '../../api/api-client';
import { nodeDataSchema, type JsonSchema } from './json-schema';
import { SchemaField } from './schema-form';

/** A custom activity's `input` is edited with the form its manifest describes, when the API has it. */
function withActivityInput(
  schema: JsonSchema | null,
  config: Record<string, unknown>,
  activities: readonly ActivityManifestEntry[],
): JsonSchema | null {
  const input = activities.find((activity) => activity.name === config.name)?.input as JsonSchema | undefined;
  if (!schema?.properties || !input?.properties) return schema;
  return { ...schema, properties: { ...schema.properties, input } };
}

/** The property panel of the selected node, generated from its type's schema in the core. */
export function NodeInspector() {
  const { node, diagnostics, updateNodeConfig, activities } = useEditor(
    useShallow((state) => ({
      activities: state.activities,
      node: state.inspected ? state.nodes.find((candidate) => candidate.id === state.inspected) : undefined,
      diagnostics: state.diagnostics,
      updateNodeConfig: state.updateNodeConfig,
    })),
  );
  const nodeId = node?.id;
  // Filtered here, not in the selector: a new array on every store change would re-render forever.
  const issues = useMemo(
    () => diagnostics.filter((diagnostic) => diagnostic.nodeId === nodeId),
    [diagnostics, nodeId],
  );
  if (!node) return null;
  const definition = getNodeDefinition(node.data.nodeType);
  const schema = withActivityInput(nodeDataSchema(node.data.nodeType), node.data.config, activities);
  return (
    <section className="inspector" aria-label="Step properties">
      <h2 className="panel-title">
        <span aria-hidden="true">{definition?.icon ?? '❔'}</span> {definition?.label ?? node.data.nodeType}
        <code className="inspector__id">{node.id}</code>
      </h2>
      {definition && <p className="muted">{definition.description}</p>}
      {issues.length > 0 && (
        <ul className="inspector__issues">
          {issues.map((issue, index) => (
            <li key={index} className={`inspector__issue inspector__issue--${issue.severity}`}>
              {issue.path && <code>{issue.path.replace(/^data\./, '')}</code>} {issue.message}
            </li>
          ))}
        </ul>
      )}
      {schema ? (
        <form className="inspector__form" onSubmit={(event) => event.preventDefault()}>
          <SchemaField
            key={node.id}
            schema={schema}
            value={node.data.config}
            path={[]}
            data={node.data.config}
            onChange={(config) => updateNodeConfig(node.id, (config ?? {}) as Record<string, unknown>)}
          />
        </form>
      ) : (
        <p className="muted">This step type is unknown to this editor: edit it in the JSON.</p>
      )}
    </section>
  );
}
