import { useEffect, useState, type FormEvent } from 'react';
import { api, can, useSession } from '../auth';
import { ErrorBox, plainError, useLoad } from '../shell/load-state';
import { queryFromSegment, segmentFromQuery } from './contact-segments';
import { contactsApi, type ContactQuery } from './contacts-api';

const contacts = contactsApi(api);

function plural(count: number): string {
  return `${count.toLocaleString()} contact${count === 1 ? '' : 's'}`;
}

/**
 * Saved segments on the Contacts screen: pick one to see its contacts (its conditions become the
 * filters), or save the filters in use as a new segment, with a live count, for campaigns to use.
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
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [count, setCount] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { filter, leftOut } = segmentFromQuery(query, stages);
  const filterKey = JSON.stringify(filter);

  // The live count of the filters being saved, asked again whenever they change.
  useEffect(() => {
    if (!saving) return;
    let live = true;
    setCount(null);
    const timer = setTimeout(() => {
      contacts.countSegment(JSON.parse(filterKey)).then(
        (answer) => live && setCount(answer.count),
        (error: unknown) => live && setProblem(plainError(error)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [saving, filterKey]);

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
        `“${segment.name}” (${plural(segment.count)}) combines conditions this screen cannot show as filters; campaigns can still use it.`,
      );
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const saved = await contacts.saveSegment(name.trim(), filter);
      setSaving(false);
      setName('');
      setNotice(`Saved the segment “${saved.name}”. Campaigns can send to it.`);
      reload();
      setChosen(saved.id);
    } catch (error) {
      setProblem(plainError(error));
    }
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
      {writer && !saving && (
        <button
          type="button"
          className="button button--small"
          disabled={filter.all.length === 0}
          title={filter.all.length === 0 ? 'Choose a filter first' : undefined}
          onClick={() => {
            setSaving(true);
            setNotice(null);
            setProblem(null);
          }}
        >
          Save filters as a segment…
        </button>
      )}
      {saving && (
        <form className="segments__save" aria-label="Save as a segment" onSubmit={(e) => void save(e)}>
          <label className="field field--inline">
            <span className="field__label">Segment name</span>
            <input
              className="field__input"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              placeholder="e.g. Hot leads in Porto"
              autoFocus
            />
          </label>
          <span className="segments__count" role="status" aria-live="polite">
            {filter.all.length === 0
              ? 'Choose a filter first.'
              : count === null
                ? 'Counting…'
                : `Matches ${plural(count)} now`}
            {leftOut.length > 0 && ` (${leftOut.join(', ')} is not part of a segment)`}
          </span>
          <button
            type="submit"
            className="button button--small button--primary"
            disabled={!filter.all.length}
          >
            Save segment
          </button>
          <button type="button" className="button button--small" onClick={() => setSaving(false)}>
            Cancel
          </button>
        </form>
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
