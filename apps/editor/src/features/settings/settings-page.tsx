import { useState, type FormEvent } from 'react';
import { NavLink, Navigate, useParams } from 'react-router';
import {
  api,
  can,
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  useSession,
  type Caller,
  type Permission,
  type Role,
} from '../auth';
import { ErrorBox, formatWhen, useLoad } from '../shell/load-state';
import { ChannelsSettings } from '../channels';
import { AiKeysSettings } from './ai-keys-settings';
import { OperationsSettings } from './operations-settings';
import { QuickRepliesSettings } from './quick-replies-settings';
import { Field, SettingsList, useListChange } from './settings-list';
import { settingsApi, type WebhookEvent, type WebhookSubscription } from './settings-api';

const settings = settingsApi(api);
const ROLES: Role[] = ['owner', 'admin', 'editor', 'agent', 'viewer'];

interface Tab {
  path: string;
  label: string;
  needs: Permission;
  /** A further condition the server reports (GET /api/auth/me), beyond the permission. */
  shows?: (caller: Caller) => boolean;
  page: () => React.ReactNode;
}

const TABS: Tab[] = [
  { path: 'members', label: 'Members', needs: 'users:manage', page: () => <Members /> },
  { path: 'roles', label: 'Roles', needs: 'users:manage', page: () => <Roles /> },
  { path: 'channels', label: 'WhatsApp channels', needs: 'channels:read', page: () => <ChannelsSettings /> },
  { path: 'api-keys', label: 'API keys', needs: 'apikeys:manage', page: () => <ApiKeys /> },
  {
    path: 'quick-replies',
    label: 'Quick replies',
    needs: 'workspace:manage',
    page: () => <QuickRepliesSettings />,
  },
  { path: 'ai', label: 'AI keys', needs: 'usage:read', page: () => <AiKeysSettings /> },
  { path: 'webhooks', label: 'Webhooks', needs: 'webhooks:manage', page: () => <Webhooks /> },
  {
    path: 'operations',
    label: 'Operations',
    needs: 'users:manage',
    shows: (caller) => caller.capabilities.queueDashboard,
    page: () => <OperationsSettings />,
  },
];

/** Settings for owners and admins: /settings/<tab>. */
export function SettingsPage() {
  const { tab } = useParams();
  const caller = useSession((state) => state.caller);
  const tabs = TABS.filter(
    (entry) => can(caller, entry.needs) && (!entry.shows || (caller && entry.shows(caller))),
  );
  const current = tabs.find((entry) => entry.path === tab);
  if (!current) return <Navigate to={`/settings/${tabs[0]?.path ?? 'members'}`} replace />;
  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <div className="settings">
        <nav className="settings__nav" aria-label="Settings">
          {tabs.map((entry) => (
            <NavLink key={entry.path} to={`/settings/${entry.path}`}>
              {entry.label}
            </NavLink>
          ))}
        </nav>
        <div>{current.page()}</div>
      </div>
    </section>
  );
}

function Members() {
  const me = useSession((state) => state.caller);
  const [list, reload] = useLoad(async () => (await settings.members()).data, 'members');
  const { error, busy, change: run } = useListChange(reload);
  const [form, setForm] = useState({ email: '', name: '', role: 'agent' as Role, password: '' });
  const invite = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(() =>
      settings.invite({
        email: form.email.trim(),
        role: form.role,
        password: form.password,
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
      }),
    );
    if (ok) setForm({ email: '', name: '', role: 'agent', password: '' });
  };
  return (
    <>
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {error && <ErrorBox message={error} />}
        <SettingsList
          label="Members"
          what="members"
          list={list}
          reload={reload}
          empty="No members yet."
          columns={['Name', 'Email', 'Role', 'Last sign-in']}
          cells={(member) => (
            <>
              <td>{member.name ?? <span className="muted">—</span>}</td>
              <td>{member.email}</td>
              <td>
                <select
                  className="field__input"
                  aria-label={`Role of ${member.email}`}
                  value={member.role}
                  disabled={busy || member.id === me?.userId}
                  onChange={(e) =>
                    void run(() => settings.changeRole(member.id, e.currentTarget.value as Role))
                  }
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}
                    </option>
                  ))}
                </select>
              </td>
              <td>{formatWhen(member.lastLoginAt, 'never')}</td>
            </>
          )}
          actions={(member) =>
            member.id !== me?.userId && (
              <button
                type="button"
                className="button button--small button--danger"
                disabled={busy}
                aria-label={`Remove ${member.email}`}
                onClick={() =>
                  void run(
                    () => settings.removeMember(member.id),
                    `Remove ${member.email} from the workspace? They can no longer sign in.`,
                  )
                }
              >
                Remove
              </button>
            )
          }
        />
        <p className="muted">Only owners can change roles or add and remove owners.</p>
      </section>
      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">Add a member</h2>
        <form className="form" onSubmit={(event) => void invite(event)}>
          <Field label="Email">
            <input
              className="field__input"
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
          </Field>
          <Field label="Name (optional)">
            <input
              className="field__input"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
          </Field>
          <Field label="Role">
            <select
              className="field__input"
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="First password (tell them; they change it after signing in)">
            <input
              className="field__input"
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            />
          </Field>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              Add member
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

function Roles() {
  return (
    <section className="card" aria-labelledby="roles-title">
      <h2 id="roles-title">What each role may do</h2>
      <table className="table" aria-label="Roles">
        <thead>
          <tr>
            <th>Role</th>
            <th>May</th>
          </tr>
        </thead>
        <tbody>
          {ROLES.map((role) => (
            <tr key={role}>
              <th scope="row">{ROLE_LABELS[role]}</th>
              <td>{ROLE_DESCRIPTIONS[role]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Ready-made sets of permissions for a new key: what an integration usually needs. */
const KEY_PRESETS: Array<{ label: string; scopes: Permission[] }> = [
  { label: 'Send leads (website forms, CRM)', scopes: ['leads:write'] },
  { label: 'Read contacts and conversations', scopes: ['contacts:read', 'conversations:read'] },
  {
    label: 'Edit and publish flows (automation)',
    scopes: ['flows:read', 'flows:write', 'flows:publish', 'templates:read'],
  },
];

function ApiKeys() {
  const [list, reload] = useLoad(async () => (await settings.apiKeys()).data, 'keys');
  const { error, change } = useListChange(reload);
  const [name, setName] = useState('');
  const [preset, setPreset] = useState(0);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const done = await change(async () => {
      const key = await settings.createApiKey(name.trim(), KEY_PRESETS[preset].scopes);
      setCreated({ name: key.name, key: key.key });
    });
    if (done) setName('');
  };
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {created && (
        <div className="secret-once" role="status">
          The key “{created.name}”. Copy it now: it is not shown again.
          <code>{created.key}</code>
        </div>
      )}
      {error && <ErrorBox message={error} />}
      <SettingsList
        label="API keys"
        what="API keys"
        list={list}
        reload={reload}
        empty="No API keys yet."
        columns={['Name', 'Starts with', 'Last used']}
        cells={(key) => (
          <>
            <td>{key.name}</td>
            <td>
              <code>{key.prefix}…</code>
            </td>
            <td>{formatWhen(key.lastUsedAt, 'never')}</td>
          </>
        )}
        actions={(key) => (
          <button
            type="button"
            className="button button--small button--danger"
            aria-label={`Revoke ${key.name}`}
            onClick={() =>
              void change(
                () => settings.revokeApiKey(key.id),
                `Revoke "${key.name}"? Anything using it stops working at once.`,
              )
            }
          >
            Revoke
          </button>
        )}
      />
      <form className="form" onSubmit={(event) => void create(event)}>
        <Field label="New key's name">
          <input
            className="field__input"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            placeholder="e.g. Website form"
          />
        </Field>
        <Field label="It may">
          <select
            className="field__input"
            value={preset}
            onChange={(e) => setPreset(Number(e.currentTarget.value))}
          >
            {KEY_PRESETS.map((entry, index) => (
              <option key={entry.label} value={index}>
                {entry.label}
              </option>
            ))}
          </select>
        </Field>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            Create key
          </button>
        </div>
      </form>
    </section>
  );
}

/** Every event a webhook can carry (the API's document lists them), in plain words. */
const EVENTS: Record<WebhookEvent, string> = {
  'lead.captured': 'A lead arrives',
  'run.completed': 'A flow finishes',
  'run.handoff': 'A flow hands over to a person',
  'message.failed': 'A message could not be delivered',
};

function Webhooks() {
  const [list, reload] = useLoad(async () => (await settings.webhooks()).data, 'webhooks');
  const { error, setError, change } = useListChange(reload);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['lead.captured']);
  const [created, setCreated] = useState<string | null>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!events.length) return setError('Choose at least one event.');
    const done = await change(async () => {
      setCreated((await settings.createWebhook({ url: url.trim(), events })).secret);
    });
    if (done) setUrl('');
  };
  return (
    <section className="card" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted">Leadline posts these events, signed, to your systems' addresses.</p>
      {created && (
        <div className="secret-once" role="status">
          The signing secret of the new webhook. Copy it now: it is not shown again.
          <code>{created}</code>
        </div>
      )}
      {error && <ErrorBox message={error} />}
      <SettingsList
        label="Webhooks"
        what="webhooks"
        list={list}
        reload={reload}
        empty="No webhooks yet."
        columns={['Address', 'Events']}
        cells={(subscription: WebhookSubscription) => (
          <>
            <td>{subscription.url}</td>
            <td>{subscription.events.map((name) => EVENTS[name as WebhookEvent] ?? name).join(', ')}</td>
          </>
        )}
        actions={(subscription) => (
          <button
            type="button"
            className="button button--small button--danger"
            aria-label={`Remove ${subscription.url}`}
            onClick={() =>
              void change(
                () => settings.deleteWebhook(subscription.id),
                `Stop sending events to ${subscription.url}?`,
              )
            }
          >
            Remove
          </button>
        )}
      />
      <form className="form" onSubmit={(event) => void create(event)}>
        <Field label="Address (https://…)">
          <input
            className="field__input"
            type="url"
            required
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
        </Field>
        <fieldset className="form__fields">
          <legend>Send when</legend>
          {(Object.entries(EVENTS) as Array<[WebhookEvent, string]>).map(([name, label]) => (
            <label key={name}>
              <input
                type="checkbox"
                checked={events.includes(name)}
                onChange={(e) =>
                  setEvents(e.currentTarget.checked ? [...events, name] : events.filter((x) => x !== name))
                }
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            Add webhook
          </button>
        </div>
      </form>
    </section>
  );
}
