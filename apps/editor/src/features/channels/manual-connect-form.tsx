import { useState, type FormEvent } from 'react';
import { channelsApi } from './channels-api';
import { useChannels } from './channels.store';

/**
 * For self-hosters with their own Meta app (or a Twilio account): the ids and credentials from Meta's
 * app dashboard or Twilio's console. The server proves with the provider that they control the number
 * before it is stored, and reads the display number itself.
 */
export function ManualConnectForm({ onDone }: { onDone: () => void }) {
  const [provider, setProvider] = useState<'meta' | 'twilio'>('meta');
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const { added, failed } = useChannels();
  const value = (key: string) => values[key] ?? '';
  const field = (key: string, label: string, hint?: string, secret = false) => (
    <label className="field" key={key}>
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        value={value(key)}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setValues((old) => ({ ...old, [key]: next }));
        }}
      />
      {hint && <span className="field__hint">{hint}</span>}
    </label>
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const channel =
        provider === 'meta'
          ? await channelsApi.addManual({
              provider,
              phoneNumberId: value('phoneNumberId').trim(),
              ...(value('wabaId').trim() ? { wabaId: value('wabaId').trim() } : {}),
              credentials: {
                accessToken: value('accessToken').trim(),
                ...(value('appSecret').trim() ? { appSecret: value('appSecret').trim() } : {}),
              },
            })
          : await channelsApi.addManual({
              provider,
              phoneNumberId: value('from').trim(),
              credentials: {
                accountSid: value('accountSid').trim(),
                authToken: value('authToken').trim(),
                from: `whatsapp:${value('from').trim()}`,
              },
            });
      added(channel, 'Connected');
      onDone();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="manual-connect" onSubmit={submit} aria-label="Connect a number manually">
      <fieldset className="manual-connect__provider">
        <legend>Provider</legend>
        <label>
          <input type="radio" checked={provider === 'meta'} onChange={() => setProvider('meta')} /> WhatsApp
          Cloud API (your own Meta app)
        </label>
        <label>
          <input type="radio" checked={provider === 'twilio'} onChange={() => setProvider('twilio')} /> Twilio
        </label>
      </fieldset>
      {provider === 'meta'
        ? [
            field('phoneNumberId', 'Phone number ID', 'WhatsApp → API Setup in your Meta app'),
            field('wabaId', 'WhatsApp Business Account ID', 'Needed for templates'),
            field(
              'accessToken',
              'Access token',
              'A system user token with whatsapp_business_messaging',
              true,
            ),
            field('appSecret', 'App secret (optional)', 'Only if webhooks come from your own app', true),
          ]
        : [
            field('from', 'WhatsApp sender number', 'E.g. +15550100000'),
            field('accountSid', 'Account SID', 'AC… from the Twilio console'),
            field('authToken', 'Auth token', undefined, true),
          ]}
      <div className="manual-connect__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Checking with the provider…' : 'Connect number'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
