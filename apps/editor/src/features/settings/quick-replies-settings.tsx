import { useState, type FormEvent } from 'react';
import { api } from '../auth';
import { Empty, ErrorBox, Loading, plainError, useLoad } from '../shell/load-state';
import { settingsApi, type QuickReply } from './settings-api';

const settings = settingsApi(api);

/** Settings → Quick replies: the workspace's saved answers, inserted from the inbox's reply box. */
export function QuickRepliesSettings() {
  const [list, reload] = useLoad(() => settings.quickReplies(), 'quick-replies');
  const [editing, setEditing] = useState<QuickReply | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
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
    setError(null);
    try {
      const input = { title: title.trim(), body: body.trim() };
      if (editing) await settings.updateQuickReply(editing.id, input);
      else await settings.createQuickReply(input);
      startEdit(null);
      setSaved(`“${input.title}” saved.`);
      reload();
    } catch (failure) {
      setError(plainError(failure));
    }
  };

  const remove = async (reply: QuickReply) => {
    if (!window.confirm(`Remove the quick reply “${reply.title}”?`)) return;
    try {
      await settings.removeQuickReply(reply.id);
      if (editing?.id === reply.id) startEdit(null);
      reload();
    } catch (failure) {
      setError(plainError(failure));
    }
  };

  return (
    <section className="card" aria-labelledby="quick-replies-title">
      <h2 id="quick-replies-title">Quick replies</h2>
      <p>
        Answers your team gives again and again. In the inbox, pick one under <strong>Quick reply</strong> (or
        press <kbd>q</kbd>) to put it in the reply box, change it if needed, and send.
      </p>
      {list.status === 'error' && <ErrorBox message={list.error} retry={reload} />}
      {!list.data && list.status === 'loading' && <Loading what="quick replies" />}
      {list.data?.length === 0 && <Empty>No quick replies yet: add the first one below.</Empty>}
      {list.data && list.data.length > 0 && (
        <table className="table" aria-label="Quick replies">
          <thead>
            <tr>
              <th>Title</th>
              <th>Answer</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((reply) => (
              <tr key={reply.id}>
                <td>{reply.title}</td>
                <td className="quick-reply__body">{reply.body}</td>
                <td className="table__actions">
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
        <label className="field">
          <span className="field__label">Title</span>
          <input
            className="field__input"
            required
            maxLength={80}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            placeholder="e.g. Opening hours"
          />
        </label>
        <label className="field">
          <span className="field__label">Answer</span>
          <textarea
            className="field__input"
            required
            rows={4}
            maxLength={4096}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            placeholder="e.g. We are open 9:00–18:00, Monday to Friday."
          />
        </label>
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
