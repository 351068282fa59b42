import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { plainError } from '../shell/load-state';
import { ATTACH_ACCEPT, attachmentProblem, CAPTION_MAX, fileSize } from './attachment-rules';
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

type QuickReply = { id: string; title: string; body: string };

/** The workspace's quick replies, read once per page load (they change rarely; Settings manages them). */
let quickRepliesLoad: Promise<QuickReply[]> | null = null;
function useQuickReplies(): QuickReply[] {
  const [replies, setReplies] = useState<QuickReply[]>([]);
  useEffect(() => {
    quickRepliesLoad ??= inbox.quickReplies().catch(() => {
      quickRepliesLoad = null;
      return [];
    });
    let live = true;
    void quickRepliesLoad.then((list) => live && setReplies(list));
    return () => {
      live = false;
    };
  }, []);
  return replies;
}

/**
 * Where a person answers: free text (Enter sends, Shift+Enter is a new line) with a live countdown
 * while the 24-hour window is open; once it has closed, a picker of approved templates with a field
 * per parameter and a preview. Inside the window a person can also attach a photo or document from
 * disk (the text becomes its caption), insert a quick reply, or send one of the contact's quotes.
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
  const [file, setFile] = useState<File | null>(null);
  const [quickId, setQuickId] = useState('');
  const quickReplies = useQuickReplies();
  const fileInput = useRef<HTMLInputElement>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
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
    if (busy) return;
    if (file) {
      if (text.trim().length > CAPTION_MAX) {
        setProblem(`A caption may be at most ${CAPTION_MAX} characters; send the text on its own.`);
        return;
      }
      void run(
        () => inbox.attach(detail.id, file, text),
        () => {
          setText('');
          setFile(null);
        },
      );
      return;
    }
    if (!text.trim()) return;
    void run(
      () => inbox.reply(detail.id, text.trim()),
      () => setText(''),
    );
  };

  const chooseFile = (chosen: File | undefined) => {
    if (!chosen) return;
    const refusal = attachmentProblem(chosen);
    setProblem(refusal);
    setFile(refusal ? null : chosen);
    textArea.current?.focus();
  };

  /** Puts the quick reply where the cursor is (or replaces the selection); the person can still edit it. */
  const insertQuickReply = () => {
    const reply = quickReplies.find((item) => item.id === quickId);
    if (!reply) return;
    const area = textArea.current;
    const start = area?.selectionStart ?? text.length;
    const end = area?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + reply.body + text.slice(end);
    setText(next.slice(0, 4096));
    setQuickId('');
    requestAnimationFrame(() => {
      area?.focus();
      const caret = Math.min(start + reply.body.length, 4096);
      area?.setSelectionRange(caret, caret);
    });
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
        ref={textArea}
        className="reply__text"
        rows={3}
        placeholder={
          file
            ? 'Add a caption (optional). Enter sends.'
            : 'Write a reply (r). Enter sends, Shift+Enter adds a line.'
        }
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={keys}
        maxLength={4096}
      />
      {file && (
        <p className="reply__file" aria-label="Attached file">
          <span>
            {file.type.startsWith('image/') ? 'Photo' : 'Document'}: {file.name} ({fileSize(file.size)})
          </span>
          <button
            type="button"
            className="button button--small"
            aria-label={`Remove ${file.name}`}
            onClick={() => {
              setFile(null);
              textArea.current?.focus();
            }}
          >
            Remove
          </button>
        </p>
      )}
      <div className="reply__actions">
        <span className="reply__tools">
          <span className="reply__attach">
            <input
              ref={fileInput}
              id="reply-file"
              type="file"
              className="visually-hidden"
              tabIndex={-1}
              accept={ATTACH_ACCEPT}
              aria-label="Photo or document to send"
              onChange={(event) => {
                chooseFile(event.target.files?.[0]);
                event.target.value = '';
              }}
            />
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => fileInput.current?.click()}
            >
              Attach a file…
            </button>
          </span>
          {quickReplies.length > 0 && (
            <span className="reply__attach">
              <label htmlFor="reply-quick" className="visually-hidden">
                Quick reply
              </label>
              <select id="reply-quick" value={quickId} onChange={(event) => setQuickId(event.target.value)}>
                <option value="">Quick reply (q)…</option>
                {quickReplies.map((reply) => (
                  <option key={reply.id} value={reply.id}>
                    {reply.title}
                  </option>
                ))}
              </select>
              <button type="button" className="button" disabled={!quickId} onClick={insertQuickReply}>
                Insert
              </button>
            </span>
          )}
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
        </span>
        {problem && (
          <span className="reply__problem" role="alert">
            {problem}
          </span>
        )}
        <button type="submit" className="button button--primary" disabled={busy || (!text.trim() && !file)}>
          {file ? 'Send file' : 'Send'}
        </button>
      </div>
    </form>
  );
}
