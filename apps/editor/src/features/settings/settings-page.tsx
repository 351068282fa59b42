import { NavLink, useParams } from 'react-router';
import { ChannelsSettings } from '../channels';

/** Settings tabs; each feature owns its tab's content. */
const TABS = [{ id: 'channels', label: 'Channels' }] as const;

export function SettingsPage() {
  const { tab = 'channels' } = useParams();
  return (
    <section className="page">
      <h1>Settings</h1>
      <nav className="settings-tabs" aria-label="Settings">
        {TABS.map((t) => (
          <NavLink key={t.id} to={`/settings/${t.id}`} className="settings-tabs__tab">
            {t.label}
          </NavLink>
        ))}
      </nav>
      {tab === 'channels' && <ChannelsSettings />}
    </section>
  );
}
