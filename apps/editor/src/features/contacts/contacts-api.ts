import type { Answer, ApiClient, Body, Query } from '../../api/api-client';

/** A page of any list of the API: rows and where the next page starts (null: the last page). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** The contacts feature's shapes, as the API's document describes them. */
export type Contact = Answer<'/api/contacts/{id}', 'get'>;
export type OptInState = Contact['optInState'];
export type StageTag = NonNullable<Contact['stage']>;
export type ContactQuery = Query<'/api/contacts', 'get'>;
export type ContactSort = NonNullable<ContactQuery['sort']>;
export type LastMessageFilter = NonNullable<ContactQuery['lastMessage']>;
export type ContactUpdate = Body<'/api/contacts/{id}', 'patch'>;
export type StageChange = Answer<'/api/contacts/{id}/stage-changes', 'get'>[number];
export type Note = Answer<'/api/contacts/{id}/notes', 'get'>[number];
export type ConversationSummary = Answer<'/api/conversations', 'get'>['data'][number];
export type RunSummary = Answer<'/api/runs', 'get'>['data'][number];
export type DocumentSummary = Answer<'/api/documents', 'get'>['data'][number];
export type SavedSegment = Answer<'/api/segments', 'get'>['items'][number];
export type SegmentFilter = Body<'/api/segments/count', 'post'>['filter'];

/** The contacts feature's calls to the API (apps/api contacts, pipeline, conversations, runs, documents). */
export function contactsApi(api: ApiClient) {
  const at = (id: string) => ({ params: { path: { id } } });
  const ofContact = (contact: string) => ({ params: { query: { contact, limit: '20' } } });
  return {
    list: (query: ContactQuery) => api.get('/api/contacts', { params: { query: withoutBlanks(query) } }),
    get: (contactId: string) => api.get('/api/contacts/{id}', at(contactId)),
    update: (contactId: string, update: ContactUpdate) =>
      api.patch('/api/contacts/{id}', { ...at(contactId), body: update }),
    notes: (contactId: string) => api.get('/api/contacts/{id}/notes', at(contactId)),
    addNote: (contactId: string, body: string) =>
      api.post('/api/contacts/{id}/notes', { ...at(contactId), body: { body } }),
    stageChanges: (contactId: string) => api.get('/api/contacts/{id}/stage-changes', at(contactId)),
    conversations: (contactId: string) => api.get('/api/conversations', ofContact(contactId)),
    runs: (contactId: string) => api.get('/api/runs', ofContact(contactId)),
    documents: (contactId: string) => api.get('/api/documents', ofContact(contactId)),
    exportData: (contactId: string) => api.download(`/api/contacts/${encodeURIComponent(contactId)}/export`),
    documentPdf: (documentId: string) => api.download(`/api/documents/${encodeURIComponent(documentId)}/pdf`),
    erase: (contactId: string) => api.delete('/api/contacts/{id}', at(contactId)),
    segments: () => api.get('/api/segments').then((answer) => answer.items),
    countSegment: (filter: SegmentFilter) => api.post('/api/segments/count', { body: { filter } }),
    saveSegment: (name: string, filter: SegmentFilter) =>
      api.post('/api/segments', { body: { name, filter } }),
    updateSegment: (segmentId: string, name: string, filter: SegmentFilter) =>
      api.put('/api/segments/{id}', { ...at(segmentId), body: { name, filter } }),
    deleteSegment: (segmentId: string) => api.delete('/api/segments/{id}', at(segmentId)),
  };
}

/** The query without empty values (an empty search box is no filter). */
function withoutBlanks<T extends object>(query: T): T {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as T;
}

export type ContactsApi = ReturnType<typeof contactsApi>;
