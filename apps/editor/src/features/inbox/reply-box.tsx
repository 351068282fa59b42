import { useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { plainError } from '../shell/load-state';
import type { ConversationDetail } from './inbox-api';
import { inbox, inboxStore } from './inbox.store';
import { templatePreview, windowView } from './reply-window';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function money(minor: string, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(Number(minor) / 100);
  } catch {
    return `${(Number(minor) / 100).toFixed(2)} ${currency}`;
  }
}

/**
 * Where a person answers: free text (Enter sends, Shift+Enter is a new line) with a live countdown
 * while the 24-hour window is open; once it has closed, a picker of approved templates with a field
 * per parameter and a preview. Quotes and invoices of the contact can be sent inside the window.
 */
export function ReplyBox({ detail, loadedAt }: { detail: ConversationDetail; loadedAt: number }) {
  const now = useNow(1000);
  const window = windowView(detail.window, loadedAt, now);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [templateKey, setTemplateKey] = useState('');
  const [params, setParams] = useState<string[]>([]);
  const [documentId, setDocumentId] = useState('');
  const template = useMemo(
    () =>
      detail.templates.find((item) => `${item.name}|${item.language}` === templateKey) ?? detail.templates[0],
    [detail.templates, templateKey],
  );

  // The window just closed on screen: ask the server, which decides.
  useEffect(() => {
    if (detail.window.open && !window.open) void inboxStore.getState().refreshDetail();
  }, [detail.window.open, window.open]);

  const run = async (send: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setProblem(null);
    try {
      await send();
      after();
      await inboxStore.getState().refreshDetail();
    } catch (error) {
      setProblem(plainError(error));
    } finally {
      setBusy(false);
    }
  };

  const sendText = (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim() || busy) return;
    void run(
      () => inbox.reply(detail.id, text.trim()),
      () => setText(''),
    );
  };

  const keys = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      sendText();
    }
    if (event.key === 'Escape') event.currentTarget.blur();
  };

  if (!window.open) {
    const count = template?.paramCount ?? 0;
    const values = Array.from({ length: count }, (_, index) => params[index] ?? '');
    const complete = values.every((value) => value.trim());
    return (
      <form
        className="reply reply--closed"
        aria-label="Send a template"
        onSubmit={(event) => {
          event.preventDefault();
          if (!template || !complete) return;
          void run(
            () =>
              inbox.template(detail.id, {
                name: template.name,
                language: template.language,
                params: values.map((v) => v.trim()),
              }),
            () => setParams([]),
          );
        }}
      >
        <p className="reply__window reply__window--closed" role="status">
          {window.label}
        </p>
        {detail.templates.length === 0 ? (
          <p className="reply__problem">
            This number has no approved templates yet, so the contact cannot be reached until they write
            again.
          </p>
        ) : (
          <>
            <label className="reply__field">
              Template
              <select
                value={template ? `${template.name}|${template.language}` : ''}
                onChange={(event) => {
                  setTemplateKey(event.target.value);
                  setParams([]);
                }}
              >
                {detail.templates.map((item) => (
                  <option key={`${item.name}|${item.language}`} value={`${item.name}|${item.language}`}>
                    {item.name.replace(/_/g, ' ')} ({item.language})
                  </option>
                ))}
              </select>
            </label>
            {values.map((value, index) => (
              <label className="reply__field" key={index}>
                Fill in {`{{${index + 1}}}`}
                <input
                  value={value}
                  onChange={(event) => {
                    const next = [...values];
                    next[index] = event.target.value;
                    setParams(next);
                  }}
                  required
                />
              </label>
            ))}
            {template && (
              <div className="reply__preview" aria-label="Preview">
                <span className="reply__preview-title">Preview</span>
                <p>{templatePreview(template.body, values)}</p>
              </div>
            )}
            <div className="reply__actions">
              {problem && (
                <span className="reply__problem" role="alert">
                  {problem}
                </span>
              )}
              <button type="submit" className="button button--primary" disabled={busy || !complete}>
                Send template
              </button>
            </div>
          </>
        )}
      </form>
    );
  }

  return (
    <form className="reply" aria-label="Reply" onSubmit={sendText}>
      <p className="reply__window" role="timer" aria-live="off">
        {window.label}
      </p>
      <label htmlFor="reply-text" className="visually-hidden">
        Your reply
      </label>
      <textarea
        id="reply-text"
        className="reply__text"
        rows={3}
        placeholder="Write a reply (r). Enter sends, Shift+Enter adds a line."
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={keys}
        maxLength={4096}
      />
      <div className="reply__actions">
        {detail.documents.length > 0 && (
          <span className="reply__attach">
            <label htmlFor="reply-document" className="visually-hidden">
              Quote or invoice to send
            </label>
            <select
              id="reply-document"
              value={documentId}
              onChange={(event) => setDocumentId(event.target.value)}
            >
              <option value="">Attach a quote or invoice…</option>
              {detail.documents.map((document) => (
                <option key={document.id} value={document.id}>
                  {document.kind === 'invoice' ? 'Invoice' : 'Quote'} {document.number} ·{' '}
                  {money(document.totalMinor, document.currency)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button"
              disabled={!documentId || busy}
              onClick={() =>
                void run(
                  () => inbox.sendDocument(detail.id, documentId),
                  () => setDocumentId(''),
                )
              }
            >
              Send document
            </button>
          </span>
        )}
        {problem && (
          <span className="reply__problem" role="alert">
            {problem}
          </span>
        )}
        <button type="submit" className="button button--primary" disabled={busy || !text.trim()}>
          Send
        </button>
      </div>
    </form>
  );
}
