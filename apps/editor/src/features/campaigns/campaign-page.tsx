import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { can, useSession } from '../auth';
import { useLatest } from '../shell/load-state';
import { STATUS_WORDS, audienceWords, recipientWords } from './campaign-words';
import { campaignsApi, type Campaign, type Recipient } from './campaigns-api';
import { usePolling } from './use-polling';

type Filter = 'all' | 'failed' | 'skipped' | 'replied';

/** /campaigns/:id: progress, the funnel, what to do next, and every recipient with what happened. */
export function CampaignPage() {
  const { campaignId = '' } = useParams();
  const caller = useSession((state) => state.caller);
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [recipients, setRecipients] = useState<Recipient[]>([]);
  const [filter, setFilter] = useState<Filter>('all');
  const [error, setError] = useState<string | null>(null);

  // A filter clicked, the polling and an action each ask again; only the latest answer is shown, or
  // the recipients of the previous filter (or a status from before a pause) could come back last.
  const latest = useLatest();
  const load = useCallback(async () => {
    const isLatest = latest.start();
    try {
      const [c, r] = await Promise.all([
        campaignsApi.get(campaignId),
        campaignsApi.recipients(campaignId, filter === 'all' ? undefined : filter),
      ]);
      if (!isLatest()) return;
      setCampaign(c);
      setRecipients(r);
      setError(null);
    } catch (e) {
      if (isLatest()) setError((e as Error).message);
    }
  }, [campaignId, filter, latest]);

  useEffect(() => {
    void load();
  }, [load]);
  const live = campaign && ['running', 'scheduled'].includes(campaign.status);
  const settling = campaign && campaign.stats.sent < campaign.stats.recipients;
  usePolling(load, live || settling ? 2_000 : 10_000);

  async function act(action: 'start' | 'pause' | 'resume' | 'cancel') {
    if (
      action === 'cancel' &&
      !window.confirm('Cancel this campaign? Contacts not reached yet will not get it.')
    )
      return;
    try {
      await campaignsApi.control(campaignId, action);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  if (!campaign) {
    return (
      <section className="page">
        {error ? (
          <p className="error-box">{error}</p>
        ) : (
          <p className="page__loading">Loading the campaign…</p>
        )}
      </section>
    );
  }
  const s = campaign.stats;
  const skipped = s.skipped.optedOut + s.skipped.invalid + s.skipped.marketingToUs;
  const handled = s.sent + s.failed + skipped + s.skipped.cancelled;
  const percent = s.recipients ? Math.round((handled / s.recipients) * 100) : 0;
  const steps: Array<[string, number]> = [
    ['Sent', s.sent],
    ['Delivered', s.delivered],
    ['Read', s.read],
    ['Replied', s.replied],
    ['Finished the follow-up', s.completed],
  ];
  const writer = can(caller, 'campaigns:write');

  return (
    <section className="page campaigns">
      <p>
        <Link to="/campaigns">← Campaigns</Link>
      </p>
      <div className="page__header">
        <h1>{campaign.name}</h1>
        <div className="campaign-actions">
          <span className={`status status--${campaign.status}`}>{STATUS_WORDS[campaign.status]}</span>
          {writer && campaign.status === 'draft' && (
            <button className="button button--primary" onClick={() => void act('start')}>
              Start sending
            </button>
          )}
          {writer && (campaign.status === 'running' || campaign.status === 'scheduled') && (
            <button className="button" onClick={() => void act('pause')}>
              Pause
            </button>
          )}
          {writer && campaign.status === 'paused' && (
            <button className="button button--primary" onClick={() => void act('resume')}>
              Resume
            </button>
          )}
          {writer && !['completed', 'cancelled'].includes(campaign.status) && (
            <button className="button" onClick={() => void act('cancel')}>
              Cancel campaign
            </button>
          )}
        </div>
      </div>
      {error && <p className="error-box">{error}</p>}
      <p className="muted">
        {audienceWords(campaign.audience)} · template “{campaign.templateName}” ·{' '}
        {campaign.scheduledAt && campaign.status === 'scheduled'
          ? `starts ${new Date(campaign.scheduledAt).toLocaleString()}`
          : `up to ${campaign.ratePerSecond} messages a second`}
        {campaign.flowKey ? ' · replies continue in a follow-up flow' : ''}
      </p>
      <div className="campaign-progress" aria-label="Progress">
        <div className="campaign-progress__bar">
          <span style={{ width: `${percent}%` }} />
        </div>
        <p role="status">
          {handled.toLocaleString()} of {s.recipients.toLocaleString()} contacts handled ({percent}%)
          {s.skipped.tierLimit > 0 &&
            ` · ${s.skipped.tierLimit.toLocaleString()} wait for tomorrow: the number's daily limit is reached`}
        </p>
      </div>
      <ol className="funnel" aria-label="Funnel">
        {steps.map(([label, value]) => (
          <li key={label} className="funnel__step">
            <span className="funnel__label">{label}</span>
            <span className="funnel__bar">
              <span style={{ width: `${s.recipients ? (value / s.recipients) * 100 : 0}%` }} />
            </span>
            <span className="funnel__value" data-testid={`funnel-${label}`}>
              {value.toLocaleString()}
            </span>
          </li>
        ))}
      </ol>
      <p className="muted">
        Not sent: {s.skipped.optedOut} opted out · {s.skipped.invalid} missing a value or number ·{' '}
        {s.skipped.marketingToUs} US numbers (no marketing) · {s.failed} failed
      </p>
      <div className="page__header">
        <h2>Contacts</h2>
        <div role="group" aria-label="Show">
          {(['all', 'failed', 'skipped', 'replied'] as Filter[]).map((f) => (
            <button
              key={f}
              className="button button--small"
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
            >
              {{ all: 'All', failed: 'Failed', skipped: 'Not sent', replied: 'Replied' }[f]}
            </button>
          ))}
        </div>
      </div>
      <table className="table" aria-label="Recipients">
        <thead>
          <tr>
            <th>Contact</th>
            <th>Phone</th>
            <th>What happened</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {recipients.map((r) => (
            <tr key={r.id}>
              <td>{r.name ?? '—'}</td>
              <td>{r.phone}</td>
              <td>{recipientWords(r)}</td>
              <td>{r.reason ?? ''}</td>
            </tr>
          ))}
          {!recipients.length && (
            <tr>
              <td colSpan={4} className="muted">
                {s.recipients ? 'Nobody here.' : 'Contacts are chosen when the campaign starts.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
