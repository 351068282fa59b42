import type { ApiClient } from '../../api/api-client';

/** A page of any list of the API: rows and where the next page starts (null: the last page). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type OptInState = 'opted_in' | 'opted_out' | 'unknown';

export interface StageTag {
  id: string;
  name: string;
  color: string;
}

export interface Contact {
  id: string;
  phone: string;
  name: string | null;
  fields: Record<string, unknown>;
  tags: string[];
  optInState: OptInState;
  optedInAt: string | null;
  optedOutAt: string | null;
  lastInboundAt: string | null;
  createdAt: string;
  updatedAt: string;
  stage: StageTag | null;
}

export type ContactSort = 'created' | 'name' | 'last_message';
export type LastMessageFilter = '24h' | '7d' | '30d' | 'older' | 'never';

export interface ContactQuery {
  q?: string;
  tag?: string;
  stage?: string;
  optIn?: OptInState;
  lastMessage?: LastMessageFilter;
  field?: string;
  value?: string;
  sort?: ContactSort;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

export interface ContactUpdate {
  name?: string | null;
  tags?: string[];
  fields?: Record<string, unknown>;
}

export interface StageChange {
  id: string;
  from: string | null;
  to: string | null;
  source: 'person' | 'api' | 'flow' | string;
  by: string | null;
  at: string;
}

export interface Note {
  id: string;
  body: string;
  author: string | null;
  createdAt: string;
}

export interface ConversationSummary {
  id: string;
  status: string;
  lastMessageAt: string | null;
  createdAt: string;
}

export interface RunSummary {
  id: string;
  flowKey: string;
  flowVersion: number;
  status: string;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
}

export interface DocumentSummary {
  id: string;
  kind: string;
  number: string;
  currency?: string;
  totalMinor?: string | number;
  filename?: string;
  createdAt: string;
}

export interface SavedSegment {
  id: string;
  name: string;
  filter: unknown;
  count: number;
}

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The contacts feature's calls to the API (apps/api contacts, pipeline, conversations, runs, documents). */
export function contactsApi(api: ApiClient) {
  const id = encodeURIComponent;
  return {
    list: (query: ContactQuery) => api.request<Page<Contact>>('GET', `/api/contacts${queryString(query)}`),
    get: (contactId: string) => api.request<Contact>('GET', `/api/contacts/${id(contactId)}`),
    update: (contactId: string, update: ContactUpdate) =>
      api.request<Contact>('PATCH', `/api/contacts/${id(contactId)}`, update),
    notes: (contactId: string) => api.request<Note[]>('GET', `/api/contacts/${id(contactId)}/notes`),
    addNote: (contactId: string, body: string) =>
      api.request<Note>('POST', `/api/contacts/${id(contactId)}/notes`, { body }),
    stageChanges: (contactId: string) =>
      api.request<StageChange[]>('GET', `/api/contacts/${id(contactId)}/stage-changes`),
    conversations: (contactId: string) =>
      api.request<Page<ConversationSummary>>(
        'GET',
        `/api/conversations${queryString({ contact: contactId, limit: 20 })}`,
      ),
    runs: (contactId: string) =>
      api.request<Page<RunSummary>>('GET', `/api/runs${queryString({ contact: contactId, limit: 20 })}`),
    documents: (contactId: string) =>
      api.request<Page<DocumentSummary>>(
        'GET',
        `/api/documents${queryString({ contact: contactId, limit: 20 })}`,
      ),
    exportData: (contactId: string) => api.download(`/api/contacts/${id(contactId)}/export`),
    documentPdf: (documentId: string) => api.download(`/api/documents/${id(documentId)}/pdf`),
    erase: (contactId: string) => api.request<unknown>('DELETE', `/api/contacts/${id(contactId)}`),
    segments: () =>
      api.request<{ items: SavedSegment[] }>('GET', '/api/segments').then((answer) => answer.items),
    countSegment: (filter: unknown) =>
      api.request<{ count: number }>('POST', '/api/segments/count', { filter }),
    saveSegment: (name: string, filter: unknown) =>
      api.request<SavedSegment>('POST', '/api/segments', { name, filter }),
    updateSegment: (segmentId: string, name: string, filter: unknown) =>
      api.request<SavedSegment>('PUT', `/api/segments/${id(segmentId)}`, { name, filter }),
    deleteSegment: (segmentId: string) => api.request<void>('DELETE', `/api/segments/${id(segmentId)}`),
  };
}

export type ContactsApi = ReturnType<typeof contactsApi>;
