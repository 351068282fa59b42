import type { InboxConversation, InboxMessage } from './inbox-api';

/** A contact as people know them: their name, else their number. */
export function contactName(contact: { name: string | null; phone: string }): string {
  return contact.name?.trim() || contact.phone;
}

/** What a message was, in one line (the list's preview). */
export function messageSummary(message: Pick<InboxMessage, 'kind' | 'text' | 'from'> | null): string {
  if (!message) return 'No messages yet';
  const who = message.from === 'contact' ? '' : message.from === 'bot' ? 'Bot: ' : 'You: ';
  const what =
    message.text ??
    (message.kind === 'media'
      ? 'Sent a file'
      : message.kind === 'document'
        ? 'A document'
        : message.kind === 'template'
          ? 'A template message'
          : message.kind === 'location'
            ? 'Shared a location'
            : 'A message');
  return `${who}${what}`;
}

/** Where a conversation stands, in two or three words. */
export function conversationState(row: Pick<InboxConversation, 'status' | 'botActive'>): string {
  if (row.status === 'closed') return 'Resolved';
  if (row.status === 'handoff') return 'Waiting for a person';
  return row.botActive ? 'Bot is answering' : 'Open';
}

const TICKS: Record<string, string> = {
  queued: 'Sending…',
  sent: 'Sent ✓',
  delivered: 'Delivered ✓✓',
  read: 'Read ✓✓',
  failed: 'Not delivered',
  received: '',
};

export function deliveryWords(status: string): string {
  return TICKS[status] ?? status;
}

export function timeOf(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function runStatusWords(status: string): string {
  return (
    (
      {
        running: 'running',
        waiting: 'waiting for the contact',
        handoff: 'handed to a person',
        completed: 'finished',
        failed: 'stopped with a problem',
        cancelled: 'ended',
      } as Record<string, string>
    )[status] ?? status
  );
}
