import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { channelsApi, type SignupSettings } from './channels-api';
import { useChannels } from './channels.store';
import { facebookLogin, loadFacebookSdk, waitForSessionInfo } from './facebook-sdk';

/**
 * "Connect WhatsApp": Meta's Embedded Signup. The person logs in with Facebook, picks or creates the
 * business, its WhatsApp account and number in Meta's window; the server then finishes the connection
 * (code exchange, app subscription, number registration) and the channel appears.
 */
export function ConnectWhatsAppButton({ settings }: { settings: SignupSettings }) {
  const [busy, setBusy] = useState(false);
  const [pin, setPin] = useState('');
  const aborter = useRef<AbortController | null>(null);
  const { added, failed } = useChannels();

  // The SDK is loaded here, on this page only, and ahead of the click so the popup opens at once.
  useEffect(() => {
    if (settings.appId) void loadFacebookSdk(settings.appId, settings.graphVersion).catch(() => undefined);
    return () => aborter.current?.abort();
  }, [settings.appId, settings.graphVersion]);

  async function connect() {
    if (!settings.appId || !settings.configId) return;
    setBusy(true);
    aborter.current?.abort();
    aborter.current = new AbortController();
    try {
      const sdk = await loadFacebookSdk(settings.appId, settings.graphVersion);
      const sessionInfo = waitForSessionInfo(aborter.current.signal);
      const code = await facebookLogin(sdk, settings.configId);
      const { wabaId, phoneNumberId } = await sessionInfo;
      const { channel } = await channelsApi.completeSignup({
        code,
        wabaId,
        phoneNumberId,
        ...(pin ? { pin } : {}),
      });
      added(channel, 'Connected with Facebook');
    } catch (error) {
      // The API's refusals carry their own plain message; the rest come from Facebook's window.
      if (error instanceof ApiError) failed(error);
      else
        useChannels.setState({ error: error instanceof Error ? error.message : String(error), notice: null });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="connect-whatsapp">
      <button type="button" className="button button--primary" onClick={connect} disabled={busy}>
        {busy ? 'Connecting…' : 'Connect WhatsApp'}
      </button>
      <label className="field connect-whatsapp__pin">
        <span className="field__label">Two-step PIN (only if your number has one)</span>
        <input
          className="field__input"
          inputMode="numeric"
          maxLength={6}
          value={pin}
          onChange={(event) => setPin(event.currentTarget.value.replace(/\D/g, ''))}
        />
      </label>
    </div>
  );
}
