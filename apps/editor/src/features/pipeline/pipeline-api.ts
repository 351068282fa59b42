import type { Answer, ApiClient, Body } from '../../api/api-client';

/** The pipeline's shapes, as the API's document describes them. */
export type Stage = Answer<'/api/pipeline/stages', 'get'>[number];
export type BoardColumn = Answer<'/api/pipeline/board', 'get'>[number];
export type BoardCard = BoardColumn['cards'][number];
export type MoveResult = Answer<'/api/contacts/{id}/stage', 'put'>;
export type StageInput = Body<'/api/pipeline/stages/{id}', 'patch'>;

/** The pipeline feature's calls (apps/api pipeline module). */
export function pipelineApi(api: ApiClient) {
  const at = (id: string) => ({ params: { path: { id } } });
  return {
    stages: () => api.get('/api/pipeline/stages'),
    board: () => api.get('/api/pipeline/board'),
    createStage: (input: Body<'/api/pipeline/stages', 'post'>) =>
      api.post('/api/pipeline/stages', { body: input }),
    updateStage: (stageId: string, input: StageInput) =>
      api.patch('/api/pipeline/stages/{id}', { ...at(stageId), body: input }),
    deleteStage: (stageId: string) => api.delete('/api/pipeline/stages/{id}', at(stageId)),
    reorder: (stageIds: string[]) => api.put('/api/pipeline/stages/order', { body: { stageIds } }),
    move: (contactId: string, stageId: string | null) =>
      api.put('/api/contacts/{id}/stage', { ...at(contactId), body: { stageId } }),
  };
}

/** Where a contact card's name comes from when the contact has none: the phone number. */
export function contactLabel(contact: { name: string | null; phone: string }): string {
  return contact.name?.trim() || contact.phone;
}
