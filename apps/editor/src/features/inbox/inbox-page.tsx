import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ChatView } from './chat-view';
import { ConversationList } from './conversation-list';
import { useInboxLive } from './inbox-live';
import { inboxStore, useInbox } from './inbox.store';
import './inbox.css';

/** How often the open conversation is read again while nothing else changes it (the window's clock). */
const REFRESH_MS = 10_000;

function typing(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return (
    !!element && (['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable)
  );
}

/**
 * The inbox: the conversations on the left, the open one on the right (/inbox/:conversationId), live
 * through server-sent events. Keys: j/k next/previous conversation, r reply, q quick replies, / search, Esc leaves
 * a field.
 */
export function InboxPage() {
  const { conversationId = null } = useParams();
  const navigate = useNavigate();
  const rows = useInbox((state) => state.list.data);
  useInboxLive();

  useEffect(() => {
    void inboxStore.getState().open(conversationId);
  }, [conversationId]);

  useEffect(() => {
    const timer = setInterval(() => void inboxStore.getState().refreshDetail(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
      const list = rows ?? [];
      const index = list.findIndex((row) => row.id === conversationId);
      if (event.key === 'j' || event.key === 'k') {
        const next =
          list[event.key === 'j' ? index + 1 : Math.max(0, index - 1)] ?? (index < 0 ? list[0] : undefined);
        if (next) navigate(`/inbox/${next.id}`);
        event.preventDefault();
      } else if (event.key === 'r') {
        document.getElementById('reply-text')?.focus();
        event.preventDefault();
      } else if (event.key === 'q') {
        document.getElementById('reply-quick')?.focus();
        event.preventDefault();
      } else if (event.key === '/') {
        document.getElementById('inbox-search')?.focus();
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, conversationId, navigate]);

  return (
    <div className={`inbox${conversationId ? ' inbox--open' : ''}`}>
      <h1 className="visually-hidden">Inbox</h1>
      <ConversationList selectedId={conversationId} />
      <ChatView />
    </div>
  );
}
