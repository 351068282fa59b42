import { useCallback, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, can, useSession } from '../auth';
import { contactLabel, pipelineApi } from '../pipeline/pipeline-api';
import { ErrorBox, formatWhen, Loading, plainError, saveFile, useLoad } from '../shell/load-state';
import { contactsApi, type Contact } from './contacts-api';
import { fieldRows, fieldsPatch, parseTags, type FieldRow } from './contact-fields';
import { StagePill } from './contacts-page';

const contacts = contactsApi(api);
const pipeline = pipelineApi(api);

const OPT_IN: Record<string, string> = {
  opted_in: 'Agreed to receive messages',
  opted_out: 'Asked not to receive messages',
  unknown: 'Not asked yet',
};
const SOURCE: Record<string, string> = { person: '', api: 'by an integration', flow: 'by a flow' };
const RUN_STATUS: Record<string, string> = {
  running: 'Running',
  waiting: 'Waiting for a reply',
  handoff: 'Waiting for a person',
  completed: 'Finished',
  failed: 'Failed',
  cancelled: 'Stopped',
};
const CONVERSATION_STATUS: Record<string, string> = {
  open: 'Open',
  handoff: 'Waiting for a person',
  closed: 'Closed',
};

export function ContactPage() {
  const { contactId = '' } = useParams();
  const [contact, reload, setContact] = useLoad(() => contacts.get(contactId), contactId);
  // A save or a stage move answered after the person went to another contact (back, forward) is
  // about the contact they left: it must not replace the one the address now names.
  const shown = useRef(contactId);
  shown.current = contactId;
  const changed = useCallback(
    (next: Contact) => {
      if (next.id === shown.current) setContact(next);
    },
    [setContact],
  );

  if (contact.status === 'error' && !contact.data) {
    return (
      <section className="page">
        <p>
          <Link to="/contacts">← All contacts</Link>
        </p>
        <ErrorBox message={contact.error} retry={reload} />
      </section>
    );
  }
  if (!contact.data) return <Loading what="the contact" />;
  return <ContactView key={contact.data.id} contact={contact.data} onChange={changed} />;
}

function ContactView({ contact, onChange }: { contact: Contact; onChange(contact: Contact): void }) {
  const caller = useSession((state) => state.caller);
  const mayEdit = can(caller, 'contacts:write');
  const [history, reloadHistory] = useLoad(
    () => contacts.stageChanges(contact.id),
    `${contact.id}:${contact.stage?.id}`,
  );

  return (
    <section className="page contact" aria-labelledby="contact-title">
      <p>
        <Link to="/contacts">← All contacts</Link>
      </p>
      <header className="page__header">
        <div>
          <h1 id="contact-title">{contactLabel(contact)}</h1>
          <p className="muted">
            {contact.phone} · added {formatWhen(contact.createdAt)} · last message{' '}
            {formatWhen(contact.lastInboundAt, 'never')}
          </p>
        </div>
        <StageControl
          contact={contact}
          mayEdit={mayEdit}
          onMoved={(next) => {
            onChange(next);
            reloadHistory();
          }}
        />
      </header>
      <div className="contact__grid">
        <div className="contact__main">
          <DetailsCard contact={contact} mayEdit={mayEdit} onSaved={onChange} />
          <NotesCard contactId={contact.id} mayWrite={mayEdit} />
          <ConversationsCard contactId={contact.id} />
          <RunsCard contactId={contact.id} />
          <DocumentsCard contactId={contact.id} />
        </div>
        <div className="contact__side">
          <section className="card" aria-labelledby="consent-title">
            <h2 id="consent-title">Consent</h2>
            <p>{OPT_IN[contact.optInState]}</p>
            <dl className="facts">
              <dt>Agreed</dt>
              <dd>{formatWhen(contact.optedInAt, 'never')}</dd>
              <dt>Opted out</dt>
              <dd>{formatWhen(contact.optedOutAt, 'never')}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="stage-history-title">
            <h2 id="stage-history-title">Stage history</h2>
            {history.status === 'error' && <ErrorBox message={history.error} retry={reloadHistory} />}
            {!history.data && history.status === 'loading' && <Loading what="the history" />}
            {history.data?.length === 0 && <p className="muted">Not moved through the pipeline yet.</p>}
            {history.data && history.data.length > 0 && (
              <ol className="timeline" aria-label="Stage changes">
                {history.data.map((change) => (
                  <li key={change.id}>
                    <strong>{change.to ?? 'Out of the pipeline'}</strong>
                    {change.from ? <> from {change.from}</> : null}
                    <div className="muted">
                      {formatWhen(change.at)} {change.by ? `by ${change.by}` : (SOURCE[change.source] ?? '')}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <DataRightsCard contact={contact} />
        </div>
      </div>
    </section>
  );
}

/** The contact's stage, and (for those allowed) a "Move to…" list that moves it like the board does. */
function StageControl({
  contact,
  mayEdit,
  onMoved,
}: {
  contact: Contact;
  mayEdit: boolean;
  onMoved(contact: Contact): void;
}) {
  const [stages] = useLoad(() => pipeline.stages(), 'stages');
  const [state, setState] = useState<{ busy: boolean; message?: string; error?: string }>({ busy: false });
  const move = async (stageId: string) => {
    setState({ busy: true });
    try {
      const result = await pipeline.move(contact.id, stageId || null);
      onMoved({ ...contact, stage: result.stage });
      setState({
        busy: false,
        message: result.flow
          ? result.flow.started
            ? `Moved. The flow “${result.flow.name ?? result.flow.key}” started for this contact.`
            : `Moved. The stage's flow did not start: ${result.flow.problem}`
          : 'Moved.',
      });
    } catch (error) {
      setState({ busy: false, error: plainError(error) });
    }
  };
  return (
    <div className="stage-control">
      {!mayEdit &&
        (contact.stage ? (
          <StagePill stage={contact.stage} />
        ) : (
          <span className="muted">Not in the pipeline</span>
        ))}
      {mayEdit && (
        <label className="field field--inline">
          <span className="field__label">Stage</span>
          <select
            className="field__input"
            value={contact.stage?.id ?? ''}
            disabled={state.busy || !stages.data}
            onChange={(event) => void move(event.currentTarget.value)}
          >
            <option value="">Not in the pipeline</option>
            {stages.data?.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <span role="status" className="muted">
        {state.message}
      </span>
      {state.error && <ErrorBox message={state.error} />}
    </div>
  );
}

function DetailsCard({
  contact,
  mayEdit,
  onSaved,
}: {
  contact: Contact;
  mayEdit: boolean;
  onSaved(contact: Contact): void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(contact.name ?? '');
  const [tags, setTags] = useState(contact.tags.join(', '));
  const [rows, setRows] = useState<FieldRow[]>(fieldRows(contact.fields));
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const start = () => {
    setName(contact.name ?? '');
    setTags(contact.tags.join(', '));
    setRows(fieldRows(contact.fields));
    setProblems([]);
    setEditing(true);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found: string[] = [];
    if (name.trim().length > 200) found.push('The name is longer than 200 characters.');
    const parsedTags = parseTags(tags);
    if ('problem' in parsedTags) found.push(parsedTags.problem);
    const fields = fieldsPatch(contact.fields, rows);
    if ('problems' in fields) found.push(...fields.problems);
    if (found.length || 'problem' in parsedTags || 'problems' in fields) return setProblems(found);
    setBusy(true);
    try {
      const saved = await contacts.update(contact.id, {
        name: name.trim() || null,
        tags: parsedTags.tags,
        ...(Object.keys(fields.patch).length ? { fields: fields.patch } : {}),
      });
      onSaved({ ...saved, stage: saved.stage ?? contact.stage });
      setEditing(false);
    } catch (error) {
      setProblems([plainError(error)]);
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    const fields = fieldRows(contact.fields);
    return (
      <section className="card" aria-labelledby="details-title">
        <div className="card__header">
          <h2 id="details-title">Details</h2>
          {mayEdit && (
            <button type="button" className="button" onClick={start}>
              Edit
            </button>
          )}
        </div>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{contact.name || <span className="muted">No name</span>}</dd>
          <dt>Tags</dt>
          <dd>
            {contact.tags.length ? (
              contact.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))
            ) : (
              <span className="muted">None</span>
            )}
          </dd>
          {fields.map((row) => (
            <div key={row.key} className="facts__row">
              <dt>{row.key}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
        {fields.length === 0 && <p className="muted">No custom fields yet.</p>}
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <form className="form" onSubmit={(event) => void save(event)} aria-label="Edit contact">
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="field__input"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={200}
          />
        </label>
        <label className="field">
          <span className="field__label">Tags (separated by commas)</span>
          <input className="field__input" value={tags} onChange={(e) => setTags(e.currentTarget.value)} />
        </label>
        <fieldset className="form__fields">
          <legend>Custom fields</legend>
          {rows.map((row, index) => (
            <div key={index} className="form__field-row">
              <label className="field field--inline">
                <span className="visually-hidden">Field name {index + 1}</span>
                <input
                  className="field__input field__input--short"
                  value={row.key}
                  placeholder="name"
                  aria-label={`Field name ${index + 1}`}
                  onChange={(e) => {
                    const key = e.currentTarget.value;
                    setRows(rows.map((r, i) => (i === index ? { ...r, key } : r)));
                  }}
                />
              </label>
              <label className="field field--inline field--grow">
                <span className="visually-hidden">Value of {row.key || `field ${index + 1}`}</span>
                <input
                  className="field__input"
                  value={row.value}
                  aria-label={`Value of ${row.key || `field ${index + 1}`}`}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setRows(rows.map((r, i) => (i === index ? { ...r, value } : r)));
                  }}
                />
              </label>
              <button
                type="button"
                className="button button--small"
                aria-label={`Remove ${row.key || `field ${index + 1}`}`}
                onClick={() => setRows(rows.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button--small"
            onClick={() => setRows([...rows, { key: '', value: '' }])}
          >
            Add a field
          </button>
        </fieldset>
        {problems.length > 0 && (
          <ul className="form__problems" role="alert">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button" onClick={() => setEditing(false)} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** The team's internal notes: never sent to the contact. */
function NotesCard({ contactId, mayWrite }: { contactId: string; mayWrite: boolean }) {
  const [notes, reload, setNotes] = useLoad(() => contacts.notes(contactId), contactId);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setError('Write the note first.');
    setBusy(true);
    setError(null);
    try {
      const note = await contacts.addNote(contactId, text.trim());
      setNotes([note, ...(notes.data ?? [])]);
      setText('');
    } catch (failure) {
      setError(plainError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">Internal notes</h2>
      {mayWrite && (
        <form className="form" onSubmit={(event) => void add(event)} aria-label="Add a note">
          <label className="field">
            <span className="field__label">New note (only your team sees it)</span>
            <textarea
              className="field__input"
              rows={2}
              maxLength={5000}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
            />
          </label>
          {error && <ErrorBox message={error} />}
          <div className="form__actions">
            <button type="submit" className="button" disabled={busy}>
              Add note
            </button>
          </div>
        </form>
      )}
      {notes.status === 'error' && <ErrorBox message={notes.error} retry={reload} />}
      {!notes.data && notes.status === 'loading' && <Loading what="notes" />}
      {notes.data?.length === 0 && <p className="muted">No notes yet.</p>}
      {notes.data && notes.data.length > 0 && (
        <ul className="notes" aria-label="Notes">
          {notes.data.map((note) => (
            <li key={note.id}>
              <p className="notes__body">{note.body}</p>
              <span className="muted">
                {note.author ?? 'Someone'} · {formatWhen(note.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConversationsCard({ contactId }: { contactId: string }) {
  const caller = useSession((state) => state.caller);
  const allowed = can(caller, 'conversations:read');
  const [list, reload] = useLoad(
    () => (allowed ? contacts.conversations(contactId) : Promise.resolve(null)),
    contactId,
  );
  if (!allowed) return null;
  return (
    <section className="card" aria-labelledby="conversations-title">
      <h2 id="conversations-title">Conversations</h2>
      {list.status === 'error' && <ErrorBox message={list.error} retry={reload} />}
      {list.status === 'loading' && <Loading what="conversations" />}
      {list.data?.data.length === 0 && <p className="muted">No conversations yet.</p>}
      {list.data && list.data.data.length > 0 && (
        <ul className="list">
          {list.data.data.map((conversation) => (
            <li key={conversation.id}>
              <Link to={`/inbox/${conversation.id}`}>
                {CONVERSATION_STATUS[conversation.status] ?? conversation.status} · last message{' '}
                {formatWhen(conversation.lastMessageAt, 'none')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RunsCard({ contactId }: { contactId: string }) {
  const [list, reload] = useLoad(() => contacts.runs(contactId), contactId);
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Flows this contact went through</h2>
      {list.status === 'error' && <ErrorBox message={list.error} retry={reload} />}
      {list.status === 'loading' && <Loading what="flows" />}
      {list.data?.data.length === 0 && <p className="muted">No flow has run for this contact.</p>}
      {list.data && list.data.data.length > 0 && (
        <table className="table table--compact" aria-label="Flow runs">
          <thead>
            <tr>
              <th>Flow</th>
              <th>State</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((run) => (
              <tr key={run.id}>
                <td>{run.flowKey}</td>
                <td>{RUN_STATUS[run.status] ?? run.status}</td>
                <td>{formatWhen(run.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DocumentsCard({ contactId }: { contactId: string }) {
  const [list, reload] = useLoad(() => contacts.documents(contactId), contactId);
  const [error, setError] = useState<string | null>(null);
  const download = async (documentId: string, fileName: string) => {
    setError(null);
    try {
      saveFile(await contacts.documentPdf(documentId), fileName);
    } catch (failure) {
      setError(plainError(failure));
    }
  };
  return (
    <section className="card" aria-labelledby="documents-title">
      <h2 id="documents-title">Quotes and invoices</h2>
      {list.status === 'error' && <ErrorBox message={list.error} retry={reload} />}
      {list.status === 'loading' && <Loading what="documents" />}
      {list.data?.data.length === 0 && <p className="muted">No quotes or invoices yet.</p>}
      {error && <ErrorBox message={error} />}
      {list.data && list.data.data.length > 0 && (
        <ul className="list">
          {list.data.data.map((doc) => (
            <li key={doc.id} className="list__row">
              <span>
                {doc.kind === 'invoice' ? 'Invoice' : 'Quote'} {doc.number} · {formatWhen(doc.createdAt)}
              </span>
              <button
                type="button"
                className="button button--small"
                onClick={() => void download(doc.id, doc.filename ?? `${doc.number}.pdf`)}
              >
                Download PDF
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Export (data:export) and erasure (contacts:erase): shown only to roles that may do them. */
function DataRightsCard({ contact }: { contact: Contact }) {
  const caller = useSession((state) => state.caller);
  const navigate = useNavigate();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const mayExport = can(caller, 'data:export');
  const mayErase = can(caller, 'contacts:erase');
  if (!mayExport && !mayErase) return null;
  const exportData = async () => {
    setState({ busy: true });
    try {
      saveFile(await contacts.exportData(contact.id), `contact-${contact.phone.replace(/\D/g, '')}.json`);
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, error: plainError(error) });
    }
  };
  const erase = async () => {
    const answer = window.prompt(
      `This deletes ${contactLabel(contact)} and everything about them (messages, runs, documents) for good. Type ERASE to confirm.`,
    );
    if (answer !== 'ERASE') return;
    setState({ busy: true });
    try {
      await contacts.erase(contact.id);
      void navigate('/contacts', { replace: true });
    } catch (error) {
      setState({ busy: false, error: plainError(error) });
    }
  };
  return (
    <section className="card" aria-labelledby="data-title">
      <h2 id="data-title">Personal data</h2>
      <div className="form__actions">
        {mayExport && (
          <button type="button" className="button" onClick={() => void exportData()} disabled={state.busy}>
            Export data
          </button>
        )}
        {mayErase && (
          <button
            type="button"
            className="button button--danger"
            onClick={() => void erase()}
            disabled={state.busy}
          >
            Erase contact…
          </button>
        )}
      </div>
      {state.error && <ErrorBox message={state.error} />}
    </section>
  );
}
