import { useState } from 'react';
import { api, can, useSession } from '../auth';
import { ErrorBox, plainError, useLoad } from '../shell/load-state';
import { queryFromSegment, segmentFromQuery } from './contact-segments';
import { SegmentForm } from '../segments/segment-editor';
import { fromFilter, newCondition, newGroup, type GroupNode } from '../segments/segment-tree';
import { contactsApi, type ContactQuery, type SavedSegment } from './contacts-api';

const contacts = contactsApi(api);

function plural(count: number): string {
  return `${count.toLocaleString()} contact${count === 1 ? '' : 's'}`;
}

/** The segment being written: from the filters in use, from nothing, or a saved one. */
interface Editing {
  key: string;
  label: string;
  initial: GroupNode;
  name?: string;
  segmentId?: string;
  note?: string;
}

/**
 * Saved segments on the Contacts screen: pick one to see its contacts (its conditions become the
 * filters), or save the filters in use as a new segment, with a live count, for campaigns to use. The
 * segment editor (features/segments) adds "any of", "none of" and nested groups to what the filters
 * can say.
 */
export function SegmentsBar({
  query,
  stages,
  apply,
}: {
  query: ContactQuery;
  stages: ReadonlyArray<{ id: string; name: string }>;
  apply: (query: ContactQuery) => void;
}) {
  const caller = useSession((state) => state.caller);
  const writer = can(caller, 'campaigns:write');
  const [list, reload] = useLoad(() => contacts.segments(), 'segments');
  const [chosen, setChosen] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { filter, leftOut } = segmentFromQuery(query, stages);
  const chosenSegment = list.data?.find((item) => item.id === chosen);

  const edit = (next: Editing) => {
    setEditing(next);
    setNotice(null);
    setProblem(null);
  };

  const choose = (segmentId: string) => {
    setChosen(segmentId);
    setNotice(null);
    setProblem(null);
    const segment = list.data?.find((item) => item.id === segmentId);
    if (!segment) return;
    const asFilters = queryFromSegment(segment.filter, stages);
    if (asFilters) {
      apply({ ...asFilters, sort: query.sort, order: query.order });
      setNotice(`“${segment.name}”: ${plural(segment.count)}.`);
    } else {
      setNotice(
        `“${segment.name}” (${plural(segment.count)}) combines conditions the filters above cannot show; Edit segment shows them, and campaigns can send to it.`,
      );
    }
  };

  const saved = (segment: SavedSegment) => {
    setEditing(null);
    setNotice(`Saved the segment “${segment.name}”. Campaigns can send to it.`);
    reload();
    setChosen(segment.id);
  };

  const remove = async () => {
    const segment = list.data?.find((item) => item.id === chosen);
    if (!segment || !window.confirm(`Delete the segment “${segment.name}”? Its contacts are kept.`)) return;
    try {
      await contacts.deleteSegment(segment.id);
      setChosen('');
      setNotice(`Deleted the segment “${segment.name}”.`);
      reload();
    } catch (error) {
      setProblem(plainError(error));
    }
  };

  return (
    <div className="segments" role="region" aria-label="Segments">
      <label className="field field--inline">
        <span className="field__label">Segment</span>
        <select className="field__input" value={chosen} onChange={(e) => choose(e.currentTarget.value)}>
          <option value="">
            {list.status === 'loading' && !list.data ? 'Loading…' : 'Choose a segment…'}
          </option>
          {list.data?.map((segment) => (
            <option key={segment.id} value={segment.id}>
              {segment.name} ({segment.count.toLocaleString()})
            </option>
          ))}
        </select>
      </label>
      {writer && chosen && (
        <button type="button" className="button button--small button--danger" onClick={() => void remove()}>
          Delete segment
        </button>
      )}
      {writer && !editing && chosenSegment && (
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            edit({
              key: `edit-${chosenSegment.id}`,
              label: 'Edit the segment',
              name: chosenSegment.name,
              segmentId: chosenSegment.id,
              initial: fromFilter(chosenSegment.filter) ?? newGroup('all'),
            })
          }
        >
          Edit segment
        </button>
      )}
      {writer && !editing && (
        <button
          type="button"
          className="button button--small"
          disabled={filter.all.length === 0}
          title={filter.all.length === 0 ? 'Choose a filter first' : undefined}
          onClick={() =>
            edit({
              key: 'from-filters',
              label: 'Save as a segment',
              initial: fromFilter(filter) ?? newGroup('all'),
              note: leftOut.length > 0 ? `${leftOut.join(', ')} is not part of a segment` : undefined,
            })
          }
        >
          Save filters as a segment…
        </button>
      )}
      {writer && !editing && (
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            edit({ key: 'new', label: 'New segment', initial: newGroup('all', [newCondition()]) })
          }
        >
          New segment…
        </button>
      )}
      {editing && (
        <SegmentForm
          key={editing.key}
          label={editing.label}
          initial={editing.initial}
          name={editing.name}
          segmentId={editing.segmentId}
          note={editing.note}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      {list.status === 'error' && <ErrorBox message={list.error} retry={reload} />}
      {problem && <ErrorBox message={problem} />}
      {notice && (
        <p className="segments__notice" role="status">
          {notice}
        </p>
      )}
    </div>
  );
}
