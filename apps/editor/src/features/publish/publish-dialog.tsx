import { useShallow } from 'zustand/react/shallow';
import type { ItemDiff } from '../../api/api-client';
import type { TextChange } from '../../flows/text-changes';
import { useEditor } from '../../store';

/** Old and new words of the changed steps: what contacts read today, and what they will read. */
function TextChanges({ texts }: { texts: TextChange[] }) {
  if (!texts.length) return null;
  return (
    <div className="diff__group diff__texts" aria-label="Changed words">
      <h3>Changed words</h3>
      {texts.map((change) => (
        <div key={`${change.nodeId}:${change.field}`} className="diff__text" data-node-id={change.nodeId}>
          <p className="diff__text-title">
            {change.step} · {change.field}
          </p>
          <p className="diff__removed">
            <span className="muted">Before: </span>
            <del>{change.before || '(nothing)'}</del>
          </p>
          <p className="diff__added">
            <span className="muted">After: </span>
            <ins>{change.after || '(nothing)'}</ins>
          </p>
        </div>
      ))}
    </div>
  );
}

export function DiffList({ title, diff }: { title: string; diff: ItemDiff }) {
  if (!diff.added.length && !diff.removed.length && !diff.changed.length) return null;
  return (
    <div className="diff__group">
      <h3>{title}</h3>
      <ul>
        {diff.added.map((id) => (
          <li key={`+${id}`} className="diff__added">
            + {id}
          </li>
        ))}
        {diff.removed.map((id) => (
          <li key={`-${id}`} className="diff__removed">
            − {id}
          </li>
        ))}
        {diff.changed.map((change) => (
          <li key={`~${change.id}`} className="diff__changed">
            ~ {change.id} <span className="muted">({change.fields.join(', ')})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What publishing would change against the live version, before it becomes an immutable version. */
export function PublishDialog() {
  const { pending, confirm, cancel } = useEditor(
    useShallow((state) => ({
      pending: state.pendingPublish,
      confirm: state.confirmPublish,
      cancel: state.cancelPublish,
    })),
  );
  if (!pending) return null;
  const { diff, nextVersion } = pending;
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Publish">
        <h2>Publish version {nextVersion}?</h2>
        {diff.same ? (
          <p>Nothing changed since the published version: publishing makes no new version.</p>
        ) : (
          <div className="diff">
            <TextChanges texts={pending.texts} />
            <DiffList title="Steps" diff={diff.nodes} />
            <DiffList title="Connections" diff={diff.edges} />
            {diff.flow.length > 0 && <p>Flow settings: {diff.flow.join(', ')}</p>}
          </div>
        )}
        {pending.conflicts.length > 0 && (
          <div className="publish-conflicts" role="alert">
            <strong>Keywords already in use</strong>
            <ul>
              {pending.conflicts.map((conflict) => (
                <li key={conflict.flowId}>
                  {conflict.keywords.map((keyword) => `“${keyword}”`).join(', ')}{' '}
                  {conflict.keywords.length === 1 ? 'already starts' : 'already start'} the live flow “
                  {conflict.name}”. Only one flow can start on a keyword: change the keyword here or in that
                  flow.
                </li>
              ))}
            </ul>
          </div>
        )}
        <p className="muted">Runs already started keep the version they started on.</p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={() => void confirm()}>
            Publish
          </button>
        </div>
      </div>
    </div>
  );
}

/** A diff the author asked for from the versions list (a published version against the draft). */
export function ComparisonDialog() {
  const { comparison, close } = useEditor(
    useShallow((state) => ({ comparison: state.comparison, close: state.closeComparison })),
  );
  if (!comparison) return null;
  const { diff } = comparison;
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Changes">
        <h2>{comparison.title}</h2>
        {diff.same ? (
          <p>No changes (moving steps is not a change).</p>
        ) : (
          <div className="diff">
            <DiffList title="Steps" diff={diff.nodes} />
            <DiffList title="Connections" diff={diff.edges} />
            {diff.flow.length > 0 && <p>Flow settings: {diff.flow.join(', ')}</p>}
          </div>
        )}
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
