import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** What the open flow is about, at a glance; the node inspector will live next to it later. */
export function FlowDetails() {
  const { envelope, nodeCount, edgeCount, openKey } = useEditor(
    useShallow((state) => ({
      envelope: state.envelope,
      nodeCount: state.nodes.length,
      edgeCount: state.edges.length,
      openKey: state.openKey,
    })),
  );
  if (!openKey) return null;
  const description = typeof envelope.description === 'string' ? envelope.description : undefined;
  return (
    <section className="flow-details" aria-label="About this flow">
      <h2 className="panel-title">About this flow</h2>
      {description && <p className="flow-details__description">{description}</p>}
      <p className="muted">
        {plural(nodeCount, 'step')} · {plural(edgeCount, 'connection')}
      </p>
    </section>
  );
}
