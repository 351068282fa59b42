import { useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../auth';
import { contactLabel, pipelineApi } from '../pipeline/pipeline-api';
import { Empty, ErrorBox, formatWhen, Loading, plainError, useLoad } from '../shell/load-state';
import { contactsApi, type Contact, type ContactQuery, type ContactSort } from './contacts-api';
import { SegmentsBar } from './segments-bar';

const contacts = contactsApi(api);
const pipeline = pipelineApi(api);

const OPT_IN_LABELS: Record<string, string> = {
  opted_in: 'Opted in',
  opted_out: 'Opted out',
  unknown: 'Not asked',
};
const LAST_MESSAGE_LABELS: Record<string, string> = {
  '24h': 'In the last 24 hours',
  '7d': 'In the last 7 days',
  '30d': 'In the last 30 days',
  older: 'More than 30 days ago',
  never: 'Never',
};
const SORTS: Array<{ sort: ContactSort; label: string }> = [
  { sort: 'name', label: 'Name' },
  { sort: 'last_message', label: 'Last message' },
  { sort: 'created', label: 'Added' },
];
const FILTER_KEYS = ['q', 'tag', 'stage', 'optIn', 'lastMessage', 'field', 'value', 'sort', 'order'] as const;

/** The filters live in the URL (?q=&stage=...): a filtered list can be bookmarked and shared. */
function queryFrom(params: URLSearchParams): ContactQuery {
  const query: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  return query as ContactQuery;
}

/** A filter chosen from a list, "any" first; the choice goes to the URL at once. */
function ChoiceFilter({
  label,
  any,
  value,
  options,
  onChange,
}: {
  label: string;
  any: string;
  value: string | undefined;
  options: Array<[value: string, label: string]>;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field field--inline">
      <span className="field__label">{label}</span>
      <select className="field__input" value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{any}</option>
        {options.map(([option, words]) => (
          <option key={option} value={option}>
            {words}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A typed filter, applied when the field is left or Enter is pressed (not at each key, which would
 * reload the list as the person types). Keyed by its value so a cleared URL empties it.
 */
function TextFilter({
  label,
  value,
  placeholder,
  onChange,
}: {
  label: string;
  value: string | undefined;
  placeholder: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field field--inline">
      <span className="field__label">{label}</span>
      <input
        className="field__input field__input--short"
        key={`${label}-${value ?? ''}`}
        defaultValue={value ?? ''}
        placeholder={placeholder}
        onBlur={(e) => onChange(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && onChange(e.currentTarget.value)}
      />
    </label>
  );
}

export function ContactsPage() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFrom(params), [params]);
  const key = JSON.stringify(query);
  const [stages] = useLoad(() => pipeline.stages(), 'stages');
  const [page, reload] = useLoad(() => contacts.list({ ...query, limit: '50' }), key);
  const [more, setMore] = useState<{ key: string; rows: Contact[]; cursor: string | null; error?: string }>({
    key: '',
    rows: [],
    cursor: null,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [search, setSearch] = useState(query.q ?? '');

  const extra = more.key === key ? more : { key, rows: [], cursor: null };
  const rows = page.data ? [...page.data.data, ...extra.rows] : [];
  const nextCursor = extra.rows.length ? extra.cursor : (page.data?.nextCursor ?? null);

  const setFilter = (name: (typeof FILTER_KEYS)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name === 'field' && !value) next.delete('value');
    setParams(next);
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', search.trim());
  };
  const sortBy = (sort: ContactSort) => {
    const next = new URLSearchParams(params);
    const current = query.sort ?? 'created';
    const defaultOrder = sort === 'name' ? 'asc' : 'desc';
    const order =
      current === sort ? ((query.order ?? defaultOrder) === 'asc' ? 'desc' : 'asc') : defaultOrder;
    next.set('sort', sort);
    next.set('order', order);
    setParams(next);
  };
  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const answer = await contacts.list({ ...query, limit: '50', cursor: nextCursor });
      setMore({ key, rows: [...extra.rows, ...answer.data], cursor: answer.nextCursor });
    } catch (error) {
      setMore({ ...extra, key, error: plainError(error) });
    } finally {
      setLoadingMore(false);
    }
  };
  const sortState = (sort: ContactSort): 'ascending' | 'descending' | 'none' => {
    if ((query.sort ?? 'created') !== sort) return 'none';
    const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
    return order === 'asc' ? 'ascending' : 'descending';
  };
  const filtered = FILTER_KEYS.some((name) => name !== 'sort' && name !== 'order' && query[name]);

  return (
    <section className="page page--wide" aria-labelledby="contacts-title">
      <header className="page__header">
        <h1 id="contacts-title">Contacts</h1>
      </header>
      <div className="filters" role="search" aria-label="Find contacts">
        <form onSubmit={submitSearch} className="filters__search">
          <label className="field field--inline">
            <span className="field__label">Search</span>
            <input
              className="field__input"
              type="search"
              placeholder="Name or phone number"
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
            />
          </label>
          <button type="submit" className="button">
            Search
          </button>
        </form>
        <ChoiceFilter
          label="Stage"
          any="Any stage"
          value={query.stage}
          options={[
            ['none', 'Not in the pipeline'],
            ...(stages.data ?? []).map((stage): [string, string] => [stage.id, stage.name]),
          ]}
          onChange={(value) => setFilter('stage', value)}
        />
        <TextFilter
          label="Tag"
          value={query.tag}
          placeholder="e.g. vip"
          onChange={(v) => setFilter('tag', v.trim())}
        />
        <ChoiceFilter
          label="Messages"
          any="Any consent"
          value={query.optIn}
          options={Object.entries(OPT_IN_LABELS)}
          onChange={(value) => setFilter('optIn', value)}
        />
        <ChoiceFilter
          label="Last message"
          any="Any time"
          value={query.lastMessage}
          options={Object.entries(LAST_MESSAGE_LABELS)}
          onChange={(value) => setFilter('lastMessage', value)}
        />
        <TextFilter
          label="Custom field"
          value={query.field}
          placeholder="e.g. city"
          onChange={(v) => setFilter('field', v.trim())}
        />
        {query.field && (
          <TextFilter
            label="equals"
            value={query.value}
            placeholder="any value"
            onChange={(v) => setFilter('value', v)}
          />
        )}
        {filtered && (
          <button
            type="button"
            className="button button--link"
            onClick={() => {
              setSearch('');
              setParams(new URLSearchParams());
            }}
          >
            Clear filters
          </button>
        )}
      </div>

      <SegmentsBar
        query={query}
        stages={stages.data ?? []}
        apply={(next) => {
          const params = new URLSearchParams();
          for (const [name, value] of Object.entries(next)) if (value) params.set(name, String(value));
          setSearch('');
          setParams(params);
        }}
      />
      {page.status === 'error' && <ErrorBox message={page.error} retry={reload} />}
      {page.status === 'loading' && !page.data && <Loading what="contacts" />}
      {page.data && rows.length === 0 && (
        <Empty>
          {filtered
            ? 'No contact matches these filters.'
            : 'No contacts yet. They appear here when someone writes to your WhatsApp number or a lead arrives.'}
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Contacts" aria-busy={page.status === 'loading'}>
            <thead>
              <tr>
                {SORTS.slice(0, 1).map(({ sort, label }) => (
                  <th key={sort} aria-sort={sortState(sort)}>
                    <button type="button" className="table__sort" onClick={() => sortBy(sort)}>
                      {label} <SortMark state={sortState(sort)} />
                    </button>
                  </th>
                ))}
                <th>Phone</th>
                <th>Stage</th>
                <th>Tags</th>
                <th>Messages</th>
                {SORTS.slice(1).map(({ sort, label }) => (
                  <th key={sort} aria-sort={sortState(sort)}>
                    <button type="button" className="table__sort" onClick={() => sortBy(sort)}>
                      {label} <SortMark state={sortState(sort)} />
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((contact) => (
                <tr key={contact.id}>
                  <td>
                    <Link to={`/contacts/${contact.id}`} className="table__link">
                      {contact.name?.trim() || <span className="muted">No name</span>}
                    </Link>
                  </td>
                  <td className="nowrap">{contact.phone}</td>
                  <td>
                    {contact.stage ? <StagePill stage={contact.stage} /> : <span className="muted">—</span>}
                  </td>
                  <td>
                    {contact.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td className="nowrap">{OPT_IN_LABELS[contact.optInState]}</td>
                  <td className="nowrap">{formatWhen(contact.lastInboundAt, 'Never')}</td>
                  <td className="nowrap">{formatWhen(contact.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {extra.error && <ErrorBox message={extra.error} retry={() => void loadMore()} />}
      {nextCursor && (
        <button
          type="button"
          className="button load-more"
          onClick={() => void loadMore()}
          disabled={loadingMore}
        >
          {loadingMore ? 'Loading…' : 'Show more contacts'}
        </button>
      )}
      <span className="visually-hidden" aria-live="polite">
        {page.data ? `${rows.length} contacts shown` : ''}
      </span>
    </section>
  );
}

function SortMark({ state }: { state: 'ascending' | 'descending' | 'none' }) {
  return <span aria-hidden="true">{state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕'}</span>;
}

export function StagePill({ stage }: { stage: { name: string; color: string } }) {
  return (
    <span className="stage-pill">
      <span className="stage-pill__dot" style={{ background: stage.color }} aria-hidden="true" />
      {stage.name}
    </span>
  );
}

export { contactLabel };
