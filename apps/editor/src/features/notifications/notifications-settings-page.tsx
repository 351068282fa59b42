import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { api, can, useSession } from '../auth';
import { pushSupported } from './browser-push';
import { notificationsStore } from './notifications.store';
import './notifications.css';

function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.(
    'timeZone',
  );
  return supported?.length ? supported : ['UTC'];
}

/** /settings/notifications: what I hear about and how, quiet hours, push on this browser; the workspace's digest and privacy. */
export function NotificationsSettingsPage() {
  const caller = useSession((state) => state.caller);
  const manages = can(caller, 'users:manage');
  const state = useStore(notificationsStore);
  const zones = useMemo(timeZones, []);

  useEffect(() => {
    void notificationsStore.getState().load(api, manages);
  }, [manages]);

  const { view, draft, workspace } = state;
  if (!view || !draft) {
    return (
      <section className="page">
        <h1>Notifications</h1>
        {state.error ? (
          <div className="error-box">{state.error}</div>
        ) : (
          <p className="page__loading">Loading…</p>
        )}
      </section>
    );
  }

  const quiet = draft.quietHours;
  return (
    <section className="page notifications">
      <h1>Notifications</h1>
      <p className="muted">Choose what you hear about, and how. Links open the conversation straight away.</p>
      {state.error && (
        <div className="error-box" role="alert">
          {state.error}
        </div>
      )}
      {state.message && (
        <div className="notice" role="status">
          {state.message}
        </div>
      )}

      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          void state.save(api);
        }}
      >
        <h2>What I hear about</h2>
        {!view.emailEnabled && (
          <p className="muted">E-mail is not set up on this server yet, so only push can reach you.</p>
        )}
        <table className="notify-grid">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">E-mail</th>
              <th scope="col">Browser push</th>
            </tr>
          </thead>
          <tbody>
            {view.events.map((event) => {
              const choice = draft.events[event.type] ?? { email: true, push: true };
              return (
                <tr key={event.type}>
                  <th scope="row">{event.label}</th>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${event.label}: e-mail`}
                      checked={choice.email}
                      onChange={() => state.toggle(event.type, 'email')}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${event.label}: browser push`}
                      checked={choice.push}
                      onChange={() => state.toggle(event.type, 'push')}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>

        <h2>Quiet hours</h2>
        <label className="inline">
          <input
            type="checkbox"
            checked={quiet !== null}
            onChange={(event) =>
              state.setQuietHours(event.target.checked ? { start: '22:00', end: '07:00' } : null)
            }
          />
          Hold notifications during quiet hours (they arrive when the quiet hours end)
        </label>
        {quiet && (
          <div className="row">
            <label>
              From
              <input
                type="time"
                value={quiet.start}
                onChange={(event) => state.setQuietHours({ ...quiet, start: event.target.value })}
              />
            </label>
            <label>
              Until
              <input
                type="time"
                value={quiet.end}
                onChange={(event) => state.setQuietHours({ ...quiet, end: event.target.value })}
              />
            </label>
          </div>
        )}
        <label>
          My time zone
          <select value={draft.timeZone} onChange={(event) => state.setTimeZone(event.target.value)}>
            {!zones.includes(draft.timeZone) && <option value={draft.timeZone}>{draft.timeZone}</option>}
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={state.busy}>
            Save my settings
          </button>
        </div>
      </form>

      <section className="card">
        <h2>Push on this browser</h2>
        {!view.pushPublicKey ? (
          <p className="muted">Push notifications are not set up on this server.</p>
        ) : !pushSupported() ? (
          <p className="muted">This browser cannot show push notifications.</p>
        ) : state.pushOn ? (
          <>
            <p>This browser shows your notifications, even when Leadline is closed.</p>
            <button type="button" disabled={state.busy} onClick={() => void state.disablePush(api)}>
              Turn off push on this browser
            </button>
          </>
        ) : (
          <>
            <p className="muted">Get a notification on this computer when something needs you.</p>
            <button
              type="button"
              className="primary"
              disabled={state.busy}
              onClick={() => void state.enablePush(api)}
            >
              Enable push on this browser
            </button>
          </>
        )}
      </section>

      {manages && workspace && (
        <form
          className="card"
          onSubmit={(event) => {
            event.preventDefault();
            void state.saveWorkspace(api);
          }}
        >
          <h2>For the whole workspace</h2>
          <label className="inline">
            <input
              type="checkbox"
              checked={workspace.digest.enabled}
              onChange={(event) =>
                state.editWorkspace({
                  ...workspace,
                  digest: { ...workspace.digest, enabled: event.target.checked },
                })
              }
            />
            Send one summary e-mail instead of many when a lot happens at once
          </label>
          {workspace.digest.enabled && (
            <div className="row">
              <label>
                More than
                <input
                  type="number"
                  min={1}
                  max={100}
                  value={workspace.digest.threshold}
                  onChange={(event) =>
                    state.editWorkspace({
                      ...workspace,
                      digest: { ...workspace.digest, threshold: Number(event.target.value) },
                    })
                  }
                />
                e-mails
              </label>
              <label>
                within
                <input
                  type="number"
                  min={1}
                  max={1440}
                  value={workspace.digest.windowMinutes}
                  onChange={(event) =>
                    state.editWorkspace({
                      ...workspace,
                      digest: { ...workspace.digest, windowMinutes: Number(event.target.value) },
                    })
                  }
                />
                minutes
              </label>
            </div>
          )}
          <label className="inline">
            <input
              type="checkbox"
              checked={workspace.includeMessageText}
              onChange={(event) =>
                state.editWorkspace({ ...workspace, includeMessageText: event.target.checked })
              }
            />
            Include what customers wrote in e-mails and pushes (off: they only say that a customer replied)
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={state.busy}>
              Save workspace settings
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
