import { useState, type FormEvent } from 'react';
import { api } from '../auth';
import { ErrorBox, useLoad } from '../shell/load-state';
import { Field, SettingsList, useListChange } from './settings-list';
import { settingsApi, type QuickReply } from './settings-api';

const settings = settingsApi(api);

/** Settings → Quick replies: the workspace's saved answers, inserted from the inbox's reply box. */
export function QuickRepliesSettings() {
  const [list, reload] = useLoad(() => settings.quickReplies(), 'quick-replies');
  const { error, setError, change } = useListChange(reload);
  const [editing, setEditing] = useState<QuickReply | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const startEdit = (reply: QuickReply | null) => {
    setEditing(reply);
    setTitle(reply?.title ?? '');
    setBody(reply?.body ?? '');
    setError(null);
    setSaved(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const input = { title: title.trim(), body: body.trim() };
    const done = await change(() =>
      editing ? settings.updateQuickReply(editing.id, input) : settings.createQuickReply(input),
    );
    if (!done) return;
    startEdit(null);
    setSaved(`“${input.title}” saved.`);
  };

  const remove = async (reply: QuickReply) => {
    const done = await change(
      () => settings.removeQuickReply(reply.id),
      `Remove the quick reply “${reply.title}”?`,
    );
    if (done && editing?.id === reply.id) startEdit(null);
  };

  return (
    <section className="card" aria-labelledby="quick-replies-title">
      <h2 id="quick-replies-title">Quick replies</h2>
      <p>
        Answers your team gives again and again. In the inbox, pick one under <strong>Quick reply</strong> (or
        press <kbd>q</kbd>) to put it in the reply box, change it if needed, and send.
      </p>
      <SettingsList
        label="Quick replies"
        what="quick replies"
        list={list}
        reload={reload}
        empty="No quick replies yet: add the first one below."
        columns={['Title', 'Answer']}
        cells={(reply) => (
          <>
            <td>{reply.title}</td>
            <td className="quick-reply__body">{reply.body}</td>
          </>
        )}
        actions={(reply) => (
          <>
            <button
              type="button"
              className="button button--small"
              aria-label={`Edit ${reply.title}`}
              onClick={() => startEdit(reply)}
            >
              Edit
            </button>{' '}
            <button
              type="button"
              className="button button--small button--danger"
              aria-label={`Remove ${reply.title}`}
              onClick={() => void remove(reply)}
            >
              Remove
            </button>
          </>
        )}
      />
      {saved && (
        <p className="muted" role="status">
          {saved}
        </p>
      )}
      <form
        className="form"
        aria-label={editing ? `Edit ${editing.title}` : 'Add a quick reply'}
        onSubmit={(event) => void save(event)}
      >
        <h3>{editing ? `Edit “${editing.title}”` : 'Add a quick reply'}</h3>
        {error && <ErrorBox message={error} />}
        <Field label="Title">
          <input
            className="field__input"
            required
            maxLength={80}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            placeholder="e.g. Opening hours"
          />
        </Field>
        <Field label="Answer">
          <textarea
            className="field__input"
            required
            rows={4}
            maxLength={4096}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            placeholder="e.g. We are open 9:00–18:00, Monday to Friday."
          />
        </Field>
        <div className="form__actions">
          {editing && (
            <button type="button" className="button" onClick={() => startEdit(null)}>
              Cancel
            </button>
          )}
          <button type="submit" className="button button--primary">
            {editing ? 'Save changes' : 'Add quick reply'}
          </button>
        </div>
      </form>
    </section>
  );
}
