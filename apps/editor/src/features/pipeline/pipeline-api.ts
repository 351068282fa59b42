import type { ApiClient } from '../../api/api-client';

export interface Stage {
  id: string;
  name: string;
  position: number;
  color: string;
  startFlowKey: string | null;
  startFlowName: string | null;
  contacts: number;
}

export interface BoardCard {
  id: string;
  name: string | null;
  phone: string;
  tags: string[];
  lastInboundAt: string | null;
}

export interface BoardColumn extends Stage {
  cards: BoardCard[];
}

export interface MoveResult {
  contactId: string;
  stage: { id: string; name: string; color: string } | null;
  changed: boolean;
  flow: { key: string; name: string | null; started: boolean; problem?: string } | null;
}

export interface StageInput {
  name?: string;
  color?: string;
  startFlowKey?: string | null;
}

/** The pipeline feature's calls (apps/api pipeline module). */
export function pipelineApi(api: ApiClient) {
  const id = encodeURIComponent;
  return {
    stages: () => api.request<Stage[]>('GET', '/api/pipeline/stages'),
    board: () => api.request<BoardColumn[]>('GET', '/api/pipeline/board'),
    createStage: (input: StageInput & { name: string }) =>
      api.request<Stage>('POST', '/api/pipeline/stages', input),
    updateStage: (stageId: string, input: StageInput) =>
      api.request<Stage>('PATCH', `/api/pipeline/stages/${id(stageId)}`, input),
    deleteStage: (stageId: string) => api.request<void>('DELETE', `/api/pipeline/stages/${id(stageId)}`),
    reorder: (stageIds: string[]) => api.request<Stage[]>('PUT', '/api/pipeline/stages/order', { stageIds }),
    move: (contactId: string, stageId: string | null) =>
      api.request<MoveResult>('PUT', `/api/contacts/${id(contactId)}/stage`, { stageId }),
  };
}

/** Where a contact card's name comes from when the contact has none: the phone number. */
export function contactLabel(contact: { name: string | null; phone: string }): string {
  return contact.name?.trim() || contact.phone;
}
