import { useState } from 'react';
import { api } from '../auth';
import { ErrorBox, plainError } from '../shell/load-state';

/**
 * Settings → Operations: the queue dashboard (bull-board at /admin/queues) for the people who run
 * this instance. The tab shows only when GET /api/auth/me says the caller may open it; the link is a
 * one-minute ticket the API swaps for a dashboard-only cookie, asked for at the click.
 */
export function OperationsSettings() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setError(null);
    setBusy(true);
    // Opened before the ticket is asked for: a tab opened after an await counts as a pop-up.
    const tab = window.open('', '_blank');
    try {
      const { url } = await api.post('/api/queue-dashboard/ticket');
      if (tab) tab.location.href = url;
      else window.location.assign(url);
    } catch (failure) {
      tab?.close();
      setError(plainError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="operations-title">
      <h2 id="operations-title">Queues</h2>
      <p className="muted">
        The work waiting in the background for every workspace of this instance: incoming messages, messages
        to send, timers, notifications and webhooks. See what is waiting, what failed and why, and retry it.
      </p>
      {error && <ErrorBox message={error} />}
      <div className="form__actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void open()}>
          Open the queue dashboard
        </button>
      </div>
    </section>
  );
}
