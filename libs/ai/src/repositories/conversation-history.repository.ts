import type { TenantTransaction } from '@leadline/database';
import type { ChatMessage } from '../ai-provider';

/** Messages of context a reply gets by default. */
export const HISTORY_MESSAGES = 10;

/**
 * The last `limit` messages of the run's conversation (the contact's when the run has none), oldest
 * first: the contact's as `user`, ours as `assistant`. Messages that failed to send are left out,
 * since the contact never saw them.
 */
export async function loadConversationHistory(
  tx: TenantTransaction,
  query: { runId: string; contactId: string; limit?: number },
): Promise<ChatMessage[]> {
  const run = await tx.flowRun.findUnique({ where: { id: query.runId }, select: { conversationId: true } });
  const rows = await tx.message.findMany({
    where: {
      ...(run?.conversationId ? { conversationId: run.conversationId } : { contactId: query.contactId }),
      status: { not: 'failed' },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit ?? HISTORY_MESSAGES,
    select: { direction: true, type: true, body: true },
  });
  return rows.reverse().map((row) => ({
    role: row.direction === 'in' ? ('user' as const) : ('assistant' as const),
    content: textOfMessage(row.type, row.body),
  }));
}

/** What a stored message said, for the model: its text or caption, or what kind of message it was. */
export function textOfMessage(type: string, body: unknown): string {
  const value = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const media = (value.media && typeof value.media === 'object' ? value.media : {}) as Record<
    string,
    unknown
  >;
  const template = (value.template && typeof value.template === 'object' ? value.template : {}) as Record<
    string,
    unknown
  >;
  for (const candidate of [value.text, media.caption, value.caption]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim();
  }
  if (typeof template.name === 'string') return `[template message "${template.name}"]`;
  if (typeof value.buttonId === 'string') return `[pressed button "${value.buttonId}"]`;
  if (typeof value.filename === 'string') return `[document "${value.filename}"]`;
  const kind = typeof media.kind === 'string' ? media.kind : type;
  return `[${kind} message]`;
}

/**
 * Drops the contact's current message from the end of the history: it is already stored when the
 * step runs, and it goes to the model as its own final turn.
 */
export function withoutCurrentMessage(history: ChatMessage[], text: string): ChatMessage[] {
  const last = history[history.length - 1];
  return last && last.role === 'user' && last.content === text.trim() ? history.slice(0, -1) : history;
}
