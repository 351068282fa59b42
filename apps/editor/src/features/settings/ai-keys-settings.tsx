import { useState, type FormEvent } from 'react';
import { api, can, useSession } from '../auth';
import { ErrorBox, formatWhen, Loading, plainError, useLoad } from '../shell/load-state';
import { settingsApi, type AiKey } from './settings-api';

const settings = settingsApi(api);
const NAMES: Record<AiKey['provider'], string> = { openai: 'OpenAI', gemini: 'Gemini' };

/** One provider's key: whether it is set (never the key), and a form to set, replace or remove it. */
function ProviderKey({ entry, onChange }: { entry: AiKey; onChange: (keys: AiKey[]) => void }) {
  const name = NAMES[entry.provider];
  const [key, setKey] = useState('');
  const [model, setModel] = useState(entry.model ?? '');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      onChange(await settings.setAiKey(entry.provider, { key: key.trim(), model: model.trim() }));
      setKey('');
      setNotice(`The ${name} key is saved, encrypted. It is not shown again.`);
    } catch (failure) {
      setError(plainError(failure));
    }
  };

  const remove = async () => {
    if (!window.confirm(`Remove the workspace's ${name} key? AI steps that use ${name} stop working.`))
      return;
    setError(null);
    try {
      onChange(await settings.removeAiKey(entry.provider));
      setNotice(`The ${name} key is removed.`);
    } catch (failure) {
      setError(plainError(failure));
    }
  };

  return (
    <form className="form ai-key" aria-label={`${name} key`} onSubmit={(event) => void save(event)}>
      <h3>{name}</h3>
      <p>
        {entry.set
          ? `Set ${formatWhen(entry.updatedAt)}${entry.model ? `; model ${entry.model}` : ''}.`
          : entry.serverKey
            ? "Not set: AI steps use the server's own key."
            : 'Not set.'}
      </p>
      {error && <ErrorBox message={error} />}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      <label className="field">
        <span className="field__label">{entry.set ? `New ${name} key` : `${name} key`}</span>
        <input
          className="field__input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          minLength={8}
          maxLength={1000}
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
          placeholder={entry.provider === 'openai' ? 'sk-…' : 'AIza…'}
        />
      </label>
      <label className="field">
        <span className="field__label">Model (optional)</span>
        <input
          className="field__input"
          maxLength={200}
          value={model}
          onChange={(e) => setModel(e.currentTarget.value)}
          placeholder={entry.provider === 'openai' ? 'gpt-4o-mini' : 'gemini-2.0-flash'}
        />
      </label>
      <div className="form__actions">
        {entry.set && (
          <button
            type="button"
            className="button button--danger"
            aria-label={`Remove the ${name} key`}
            onClick={() => void remove()}
          >
            Remove key
          </button>
        )}
        <button type="submit" className="button button--primary">
          {entry.set ? 'Replace key' : 'Save key'}
        </button>
      </div>
    </form>
  );
}

/**
 * Settings → AI keys: the workspace's own OpenAI and Gemini keys (owners and admins set them; they
 * are kept encrypted and never shown again), and the AI use of the last 30 days (everyone).
 */
export function AiKeysSettings() {
  const caller = useSession((state) => state.caller);
  const manage = can(caller, 'workspace:manage');
  const [keys, reloadKeys, setKeys] = useLoad(
    () => (manage ? settings.aiKeys() : Promise.resolve([] as AiKey[])),
    `ai-keys-${manage}`,
  );
  const [usage, reload] = useLoad(() => settings.aiUsage(), 'ai');
  return (
    <section className="card" aria-labelledby="ai-title">
      <h2 id="ai-title">AI keys</h2>
      <p>
        Flows that classify answers or write replies use your workspace's own OpenAI or Gemini key, kept
        encrypted.
      </p>
      {manage && keys.status === 'error' && <ErrorBox message={keys.error} retry={reloadKeys} />}
      {manage && !keys.data && keys.status === 'loading' && <Loading what="AI keys" />}
      {manage && keys.data && (
        <div className="ai-keys">
          {keys.data.map((entry) => (
            <ProviderKey key={entry.provider} entry={entry} onChange={setKeys} />
          ))}
        </div>
      )}
      {!manage && <p className="muted">Owners and admins set the keys.</p>}
      <h3>Use in the last 30 days</h3>
      {usage.status === 'error' && <ErrorBox message={usage.error} retry={reload} />}
      {!usage.data && usage.status === 'loading' && <Loading what="AI use" />}
      {usage.data?.lines.length === 0 && <p className="muted">No AI calls in the last 30 days.</p>}
      {usage.data && usage.data.lines.length > 0 && (
        <table className="table table--compact" aria-label="AI use">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Model</th>
              <th>Task</th>
              <th>Calls</th>
              <th>Failed</th>
            </tr>
          </thead>
          <tbody>
            {usage.data.lines.map((line) => (
              <tr key={`${line.provider}/${line.model}/${line.task}`}>
                <td>{line.provider}</td>
                <td>{line.model}</td>
                <td>{line.task}</td>
                <td>{line.calls}</td>
                <td>{line.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
