import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { can, useSession } from '../auth';
import { ErrorBox, plainError } from '../shell/load-state';
import type { ConversationDetail, Member } from './inbox-api';
import { inbox, inboxStore, useInbox } from './inbox.store';
import { contactName, conversationState, runStatusWords, timeOf } from './inbox-words';
import { MessageBubble } from './message-bubble';
import { ReplyBox } from './reply-box';

function useMembers(): Member[] {
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    inbox.members().then(setMembers, () => setMembers([]));
  }, []);
  return members;
}

/** Claim, assign, resolve and hand back: what a person does to the conversation. */
function Actions({ detail, mayWrite }: { detail: ConversationDetail; mayWrite: boolean }) {
  const userId = useSession((state) => state.caller?.userId);
  const members = useMembers();
  const [problem, setProblem] = useState<string | null>(null);
  const handedOff = detail.runs.find((run) => run.status === 'handoff');
  const [choice, setChoice] = useState('');
  const resumeAt = choice || handedOff?.steps[0]?.id || 'end';

  const act = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      await inboxStore.getState().refreshDetail();
      void inboxStore.getState().loadList();
    } catch (error) {
      setProblem(plainError(error));
    }
  };

  if (!mayWrite) return null;
  return (
    <div className="convo__actions">
      {detail.assignee?.id !== userId && userId && (
        <button type="button" className="button" onClick={() => void act(() => inbox.claim(detail.id))}>
          Claim
        </button>
      )}
      <label className="convo__assign">
        <span className="visually-hidden">Assigned to</span>
        <select
          value={detail.assignee?.id ?? ''}
          onChange={(event) => void act(() => inbox.assign(detail.id, event.target.value || null))}
          aria-label="Assigned to"
        >
          <option value="">Unassigned</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </label>
      {handedOff && (
        <span className="convo__handback">
          <label htmlFor="resume-at" className="visually-hidden">
            Give back to the bot
          </label>
          <select id="resume-at" value={resumeAt} onChange={(event) => setChoice(event.target.value)}>
            {handedOff.steps.map((step) => (
              <option key={step.id} value={step.id}>
                Bot restarts at “{step.label}”
              </option>
            ))}
            <option value="end">End the flow (no more bot)</option>
          </select>
          <button
            type="button"
            className="button"
            onClick={() =>
              void act(() =>
                inbox.handBack(
                  detail.id,
                  resumeAt === 'end'
                    ? { action: 'end' }
                    : { action: 'resume', ...(resumeAt ? { nodeId: resumeAt } : {}) },
                ),
              )
            }
          >
            Hand back to bot
          </button>
        </span>
      )}
      {detail.status !== 'closed' && (
        <button type="button" className="button" onClick={() => void act(() => inbox.resolve(detail.id))}>
          Resolve
        </button>
      )}
      {problem && (
        <span className="reply__problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

function Notes({ detail, mayWrite }: { detail: ConversationDetail; mayWrite: boolean }) {
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    try {
      await inbox.note(detail.id, body.trim());
      setBody('');
      setProblem(null);
      await inboxStore.getState().refreshDetail();
    } catch (error) {
      setProblem(plainError(error));
    }
  };
  return (
    <section className="convo__notes" aria-label="Internal notes">
      <h3>Team notes</h3>
      <p className="convo__hint">Only your team sees these; they are never sent to the contact.</p>
      {detail.notes.length === 0 && <p className="convo__hint">No notes yet.</p>}
      <ul>
        {detail.notes.map((note) => (
          <li key={note.id}>
            <p>{note.body}</p>
            <span className="convo__hint">
              {note.author} · {timeOf(note.at)}
            </span>
          </li>
        ))}
      </ul>
      {mayWrite && (
        <form onSubmit={(event) => void add(event)} className="convo__note-form">
          <label htmlFor="note-text" className="visually-hidden">
            New note
          </label>
          <textarea
            id="note-text"
            rows={2}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            placeholder="Add a note for the team"
          />
          <button type="submit" className="button button--small" disabled={!body.trim()}>
            Add note
          </button>
          {problem && <span className="reply__problem">{problem}</span>}
        </form>
      )}
    </section>
  );
}

/** The open conversation: who, where the bot is, the whole history, and the reply box. */
export function ChatView() {
  const detail = useInbox((state) => state.detail);
  const caller = useSession((state) => state.caller);
  const mayWrite = can(caller, 'conversations:write');
  const bottom = useRef<HTMLLIElement>(null);
  const count = detail.data?.messages.length ?? 0;

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [count, detail.id]);

  if (!detail.id) {
    return (
      <section className="convo convo--empty" aria-label="Conversation">
        <p className="inbox__empty">Choose a conversation on the left (j and k move through the list).</p>
      </section>
    );
  }
  if (detail.status === 'error' && !detail.data) {
    return (
      <section className="convo" aria-label="Conversation">
        <ErrorBox
          message={detail.error ?? 'Could not open this conversation.'}
          retry={() => void inboxStore.getState().refreshDetail()}
        />
      </section>
    );
  }
  if (!detail.data) {
    return (
      <section className="convo" aria-label="Conversation">
        <p className="page__loading" role="status">
          Opening the conversation…
        </p>
      </section>
    );
  }
  const data = detail.data;
  const run = data.runs[0];
  return (
    <section className="convo" aria-label={`Conversation with ${contactName(data.contact)}`}>
      <header className="convo__head">
        <div className="convo__who">
          <Link to="/inbox" className="convo__back">
            ← All conversations
          </Link>
          <h2>
            <Link to={`/contacts/${data.contact.id}`}>{contactName(data.contact)}</Link>
          </h2>
          <span className="convo__hint">
            {data.contact.phone} ·{' '}
            {conversationState({
              status: data.status,
              botActive: data.runs.some((r) => r.status === 'running' || r.status === 'waiting'),
            })}
            {data.assignee ? ` · ${data.assignee.name}` : ' · Unassigned'}
          </span>
          {run && (
            <span className="convo__flow">
              Flow “{run.flowName}”: {runStatusWords(run.status)}
              {run.at ? ` at ${run.at}` : ''}
            </span>
          )}
        </div>
        <Actions detail={data} mayWrite={mayWrite} />
      </header>
      <div className="convo__body">
        <ol className="convo__messages" aria-label="Messages">
          {data.olderMessages && <li className="convo__hint">Older messages are in the contact's export.</li>}
          {data.messages.length === 0 && <li className="convo__hint">No messages yet.</li>}
          {data.messages.map((message) => (
            <MessageBubble key={message.id} message={message} />
          ))}
          <li ref={bottom} aria-hidden="true" />
        </ol>
        <Notes detail={data} mayWrite={mayWrite} />
      </div>
      {mayWrite ? (
        <ReplyBox detail={data} loadedAt={detail.loadedAt} />
      ) : (
        <p className="reply reply__window">Your role can read conversations but not answer them.</p>
      )}
    </section>
  );
}
