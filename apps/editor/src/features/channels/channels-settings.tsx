import './channels.css';
import { useEffect, useState } from 'react';
import { providerText, qualityText, tierText } from './channel-health';
import { useChannels } from './channels.store';
import { ConnectWhatsAppButton } from './connect-whatsapp-button';
import { ManualConnectForm } from './manual-connect-form';
import { TemplatesPanel } from './templates-panel';

/**
 * Settings → Channels: the workspace's WhatsApp numbers with their health (quality rating, messaging
 * tier), "Connect WhatsApp" (Meta's Embedded Signup, when the server offers it), a manual connection
 * for self-hosters, and each number's templates.
 */
export function ChannelsSettings() {
  const { channels, signup, loading, error, notice, load } = useChannels();
  const [manual, setManual] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const channel = channels.find((c) => c.id === selected);
  return (
    <div className="channels-settings">
      <div className="page__header">
        <h2>WhatsApp numbers</h2>
        <div className="channels-settings__connect">
          {signup?.enabled && <ConnectWhatsAppButton settings={signup} />}
          {!manual && (
            <button type="button" className="button" onClick={() => setManual(true)}>
              Connect manually
            </button>
          )}
        </div>
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {manual && <ManualConnectForm onDone={() => setManual(false)} />}
      {loading && channels.length === 0 ? (
        <p className="page__loading">Loading numbers…</p>
      ) : channels.length === 0 ? (
        <p className="empty">No WhatsApp number yet. Connect one to start.</p>
      ) : (
        <ul className="channel-cards">
          {channels.map((c) => {
            const quality = qualityText(c.qualityRating);
            const tier = tierText(c.messagingTier);
            return (
              <li key={c.id} className="channel-card" aria-label={`${c.displayPhone}`}>
                <div className="channel-card__title">
                  <strong>{c.verifiedName ?? c.name ?? c.displayPhone}</strong>
                  <span className="muted">{c.displayPhone}</span>
                </div>
                <div className="muted">{providerText(c)}</div>
                {c.provider === 'meta' && (
                  <div className="channel-card__health">
                    <span className={`health health--${quality.tone}`}>{quality.label}</span>
                    {tier && <span className="muted">{tier}</span>}
                  </div>
                )}
                <button
                  type="button"
                  className="button button--small"
                  aria-pressed={selected === c.id}
                  onClick={() => setSelected(selected === c.id ? null : c.id)}
                >
                  Templates
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {channel && <TemplatesPanel key={channel.id} channel={channel} />}
    </div>
  );
}
