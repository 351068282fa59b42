import { ApiError, type ApiClient } from '../../api/api-client';

export type InboxFilter = 'all' | 'mine' | 'unassigned' | 'handoff' | 'bot' | 'closed';

export interface InboxMessage {
  id: string;
  direction: 'in' | 'out';
  from: 'contact' | 'bot' | 'person';
  authorName: string | null;
  kind: 'text' | 'buttons' | 'reply' | 'media' | 'document' | 'template' | 'location' | 'other';
  text: string | null;
  choices: string[];
  template: { name: string; params: string[] } | null;
  document: { id: string; filename: string; url: string } | null;
  media: {
    kind: string;
    caption: string | null;
    filename: string | null;
    mimeType: string | null;
    state: 'pending' | 'stored' | 'rejected' | 'failed' | 'none';
    url: string | null;
  } | null;
  status: string;
  error: string | null;
  at: string;
}

export interface InboxConversation {
  id: string;
  status: 'open' | 'handoff' | 'closed';
  contact: { id: string; name: string | null; phone: string };
  assignee: { id: string; name: string } | null;
  botActive: boolean;
  unread: number;
  lastMessage: Pick<InboxMessage, 'direction' | 'from' | 'kind' | 'text' | 'status'> | null;
  lastActivityAt: string;
}

export interface InboxTemplate {
  name: string;
  language: string;
  category: string;
  body: string;
  paramCount: number;
}

export interface ConversationDetail {
  id: string;
  status: 'open' | 'handoff' | 'closed';
  contact: { id: string; name: string | null; phone: string; optInState: string };
  channel: { provider: string; phone: string | null };
  assignee: { id: string; name: string } | null;
  window: { open: boolean; closesAt: string | null; now: string };
  runs: Array<{
    id: string;
    flowName: string;
    status: string;
    at: string | null;
    steps: Array<{ id: string; label: string }>;
  }>;
  messages: InboxMessage[];
  olderMessages: boolean;
  notes: Array<{ id: string; body: string; author: string; at: string }>;
  documents: Array<{
    id: string;
    kind: string;
    number: string;
    filename: string;
    currency: string;
    totalMinor: string;
  }>;
  templates: InboxTemplate[];
}

export interface Member {
  id: string;
  name: string;
  role: string;
}

export type HandBack = { action: 'resume'; nodeId?: string } | { action: 'end' };

const path = (id: string, rest = '') => `/api/inbox/conversations/${encodeURIComponent(id)}${rest}`;

/**
 * A file from disk as the request body (the API streams it, JSON would not fit a 16 MB document).
 * The shared client only sends JSON, so this call carries the session's token itself; on a 401 it
 * lets the client refresh the token once (any authorised call does) and tries again.
 */
async function upload(
  api: ApiClient,
  token: () => string | undefined,
  url: string,
  file: Blob,
): Promise<{ id: string }> {
  const send = () =>
    fetch(url, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': file.type || 'application/octet-stream',
        ...(token() ? { Authorization: `Bearer ${token()}` } : {}),
      },
      body: file,
    });
  let response = await send();
  if (response.status === 401) {
    await api.request('GET', '/api/auth/me').catch(() => undefined);
    response = await send();
  }
  const parsed = (await response.json().catch(() => undefined)) as
    { id: string; error?: { message?: string; details?: string[] } } | undefined;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      parsed?.error?.message ?? `The file could not be sent (HTTP ${response.status}).`,
      parsed?.error?.details ?? [],
    );
  }
  return parsed as { id: string };
}

/** The inbox's calls to the API (apps/api/src/modules/inbox). */
export function inboxApi(api: ApiClient, token: () => string | undefined = () => undefined) {
  return {
    list(filter: InboxFilter, q: string, cursor?: string) {
      const query = new URLSearchParams({ filter, limit: '50' });
      if (q.trim()) query.set('q', q.trim());
      if (cursor) query.set('cursor', cursor);
      return api.request<{ data: InboxConversation[]; nextCursor: string | null }>(
        'GET',
        `/api/inbox/conversations?${query}`,
      );
    },
    get: (id: string) => api.request<ConversationDetail>('GET', path(id)),
    read: (id: string) => api.request<{ readAt: string }>('POST', path(id, '/read')),
    claim: (id: string) => api.request<{ assigneeId: string | null }>('POST', path(id, '/claim')),
    assign: (id: string, userId: string | null) =>
      api.request<{ assigneeId: string | null }>('PUT', path(id, '/assignee'), { userId }),
    note: (id: string, body: string) => api.request('POST', path(id, '/notes'), { body }),
    resolve: (id: string) => api.request('POST', path(id, '/resolve')),
    handBack: (id: string, body: HandBack) => api.request('POST', path(id, '/hand-back'), body),
    reply: (id: string, text: string) => api.request('POST', path(id, '/messages'), { text }),
    template: (id: string, template: { name: string; language: string; params: string[] }) =>
      api.request('POST', path(id, '/template'), template),
    sendDocument: (id: string, documentId: string) =>
      api.request('POST', path(id, '/documents'), { documentId }),
    /** A photo or document from disk, with an optional caption (inside the 24-hour window). */
    attach: (id: string, file: File, caption: string) => {
      const query = new URLSearchParams({ filename: file.name });
      if (caption.trim()) query.set('caption', caption.trim());
      return upload(api, token, `${path(id, '/attachments')}?${query}`, file);
    },
    quickReplies: () =>
      api.request<Array<{ id: string; title: string; body: string }>>('GET', '/api/quick-replies'),
    members: () => api.request<Member[]>('GET', '/api/inbox/members'),
    streamToken: () => api.request<{ token: string }>('POST', '/api/inbox/stream-token'),
    file: (url: string) => api.download(url),
  };
}
