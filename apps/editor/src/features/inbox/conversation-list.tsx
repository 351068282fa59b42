import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorBox } from '../shell/load-state';
import type { InboxFilter } from './inbox-api';
import { useInbox, inboxStore } from './inbox.store';
import { contactName, conversationState, messageSummary, timeOf } from './inbox-words';

const FILTERS: Array<[InboxFilter, string]> = [
  ['all', 'All open'],
  ['mine', 'Mine'],
  ['unassigned', 'Unassigned'],
  ['handoff', 'Waiting for a person'],
  ['bot', 'Bot answering'],
  ['closed', 'Resolved'],
];

/** The conversations, newest activity first: filters, search, unread counts. */
export function ConversationList({ selectedId }: { selectedId: string | null }) {
  const filter = useInbox((state) => state.filter);
  const list = useInbox((state) => state.list);
  const live = useInbox((state) => state.live);
  const [search, setSearch] = useState(useInbox((state) => state.query));

  useEffect(() => {
    if (inboxStore.getState().list.status === 'idle') void inboxStore.getState().loadList();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    inboxStore.getState().setQuery(search);
  };

  return (
    <section className="inbox__list" aria-label="Conversations">
      <div className="inbox__list-head">
        <form role="search" onSubmit={submit} className="inbox__search">
          <label htmlFor="inbox-search" className="visually-hidden">
            Search by name or phone
          </label>
          <input
            id="inbox-search"
            type="search"
            placeholder="Search name or phone ( / )"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              if (!event.target.value) inboxStore.getState().setQuery('');
            }}
          />
        </form>
        <label className="inbox__filter">
          <span className="visually-hidden">Show</span>
          <select
            value={filter}
            onChange={(event) => inboxStore.getState().setFilter(event.target.value as InboxFilter)}
          >
            {FILTERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <span className={`inbox__live inbox__live--${live}`} role="status">
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
      </div>
      {list.status === 'error' && (
        <ErrorBox
          message={list.error ?? 'Could not load conversations.'}
          retry={() => void inboxStore.getState().loadList()}
        />
      )}
      {list.status === 'loading' && !list.data && (
        <p className="page__loading" role="status">
          Loading conversations…
        </p>
      )}
      {list.data && list.data.length === 0 && (
        <p className="inbox__empty">
          {inboxStore.getState().query
            ? 'No conversation matches that search.'
            : 'No conversations here yet. New ones appear as soon as a contact writes.'}
        </p>
      )}
      {list.data && list.data.length > 0 && (
        <ul className="inbox__rows">
          {list.data.map((row) => (
            <li key={row.id}>
              <Link
                to={`/inbox/${row.id}`}
                className={`inbox__row${row.id === selectedId ? ' inbox__row--selected' : ''}`}
                aria-current={row.id === selectedId ? 'true' : undefined}
                data-conversation={row.id}
              >
                <span className="inbox__row-top">
                  <span className="inbox__name">{contactName(row.contact)}</span>
                  <span className="inbox__time">{timeOf(row.lastActivityAt)}</span>
                </span>
                <span className="inbox__row-mid">
                  <span className="inbox__preview">{messageSummary(row.lastMessage)}</span>
                  {row.unread > 0 && (
                    <span className="inbox__unread" aria-label={`${row.unread} unread`}>
                      {row.unread}
                    </span>
                  )}
                </span>
                <span className="inbox__row-meta">
                  <span className={`inbox__state inbox__state--${row.status}`}>{conversationState(row)}</span>
                  <span>{row.assignee ? row.assignee.name : 'Unassigned'}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {list.nextCursor && (
        <button
          type="button"
          className="button button--small inbox__more"
          onClick={() => void inboxStore.getState().loadMore()}
        >
          Show older conversations
        </button>
      )}
    </section>
  );
}
