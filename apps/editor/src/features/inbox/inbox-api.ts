import { ApiError, type Answer, type ApiClient, type Body, type Query } from '../../api/api-client';

/** The inbox's shapes, as the API's document describes them (apps/api/src/modules/inbox/message-view.ts). */
export type InboxFilter = NonNullable<Query<'/api/inbox/conversations', 'get'>['filter']>;
export type InboxConversation = Answer<'/api/inbox/conversations', 'get'>['data'][number];
export type ConversationDetail = Answer<'/api/inbox/conversations/{id}', 'get'>;
export type InboxMessage = ConversationDetail['messages'][number];
export type InboxTemplate = ConversationDetail['templates'][number];
export type Member = Answer<'/api/inbox/members', 'get'>[number];
export type HandBack = Body<'/api/inbox/conversations/{id}/hand-back', 'post'>;
type Attached = Answer<'/api/inbox/conversations/{id}/attachments', 'post'>;

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
): Promise<Attached> {
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
    await api.me().catch(() => undefined);
    response = await send();
  }
  const parsed = (await response.json().catch(() => undefined)) as
    (Attached & { error?: { code?: string; message?: string; details?: string[] } }) | undefined;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      parsed?.error?.message ?? `The file could not be sent (HTTP ${response.status}).`,
      parsed?.error?.details ?? [],
      parsed?.error?.code,
    );
  }
  return parsed as Attached;
}

/** The inbox's calls to the API (apps/api/src/modules/inbox). */
export function inboxApi(api: ApiClient, token: () => string | undefined = () => undefined) {
  return {
    list(filter: InboxFilter, q: string, cursor?: string) {
      return api.get('/api/inbox/conversations', {
        params: {
          query: { filter, limit: '50', ...(q.trim() ? { q: q.trim() } : {}), ...(cursor ? { cursor } : {}) },
        },
      });
    },
    get: (id: string) => api.get('/api/inbox/conversations/{id}', { params: { path: { id } } }),
    read: (id: string) => api.post('/api/inbox/conversations/{id}/read', { params: { path: { id } } }),
    claim: (id: string) => api.post('/api/inbox/conversations/{id}/claim', { params: { path: { id } } }),
    assign: (id: string, userId: string | null) =>
      api.put('/api/inbox/conversations/{id}/assignee', { params: { path: { id } }, body: { userId } }),
    note: (id: string, body: string) =>
      api.post('/api/inbox/conversations/{id}/notes', { params: { path: { id } }, body: { body } }),
    resolve: (id: string) => api.post('/api/inbox/conversations/{id}/resolve', { params: { path: { id } } }),
    handBack: (id: string, body: HandBack) =>
      api.post('/api/inbox/conversations/{id}/hand-back', { params: { path: { id } }, body }),
    reply: (id: string, text: string) =>
      api.post('/api/inbox/conversations/{id}/messages', { params: { path: { id } }, body: { text } }),
    template: (id: string, template: { name: string; language: string; params: string[] }) =>
      api.post('/api/inbox/conversations/{id}/template', { params: { path: { id } }, body: template }),
    sendDocument: (id: string, documentId: string) =>
      api.post('/api/inbox/conversations/{id}/documents', { params: { path: { id } }, body: { documentId } }),
    /** A photo or document from disk, with an optional caption (inside the 24-hour window). */
    attach: (id: string, file: File, caption: string) => {
      const query = new URLSearchParams({ filename: file.name });
      if (caption.trim()) query.set('caption', caption.trim());
      return upload(api, token, `${path(id, '/attachments')}?${query}`, file);
    },
    quickReplies: () => api.get('/api/quick-replies'),
    members: () => api.get('/api/inbox/members'),
    streamToken: () => api.post('/api/inbox/stream-token'),
    file: (url: string) => api.download(url),
  };
}
