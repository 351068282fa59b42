import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { can, useSession } from '../auth';
import { STATUS_WORDS, audienceWords } from './campaign-words';
import { campaignsApi, type Campaign } from './campaigns-api';
import { usePolling } from './use-polling';

/** /campaigns: every broadcast with its headline numbers; refreshed while one is sending. */
export function CampaignsPage() {
  const caller = useSession((state) => state.caller);
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    campaignsApi
      .list()
      .then((list) => {
        setCampaigns(list);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);
  usePolling(load, campaigns?.some((c) => c.status === 'running' || c.status === 'scheduled') ? 3_000 : null);

  return (
    <section className="page campaigns">
      <div className="page__header">
        <h1>Campaigns</h1>
        {can(caller, 'campaigns:write') && (
          <Link className="button button--primary" to="/campaigns/new">
            New campaign
          </Link>
        )}
      </div>
      {error && <p className="error-box">{error}</p>}
      {campaigns === null && !error && <p className="page__loading">Loading campaigns…</p>}
      {campaigns?.length === 0 && (
        <p className="empty">
          No campaigns yet. A campaign sends an approved template to a list of contacts, and a flow takes over
          their replies.
        </p>
      )}
      {campaigns && campaigns.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Audience</th>
              <th className="num">Contacts</th>
              <th className="num">Sent</th>
              <th className="num">Read</th>
              <th className="num">Replied</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
                </td>
                <td>
                  <span className={`status status--${c.status}`}>{STATUS_WORDS[c.status]}</span>
                </td>
                <td>{audienceWords(c.audience)}</td>
                <td className="num">{c.stats.recipients || '—'}</td>
                <td className="num">{c.stats.sent}</td>
                <td className="num">{c.stats.read}</td>
                <td className="num">{c.stats.replied}</td>
                <td>{new Date(c.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
