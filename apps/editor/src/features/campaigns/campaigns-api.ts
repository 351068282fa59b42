import type { Answer, Body } from '../../api/api-client';
import { api } from '../auth';

/** The campaigns' shapes, as the API's document describes them (libs/campaigns campaign-spec.ts). */
export type CampaignDraft = Body<'/api/campaigns', 'post'>;
export type Audience = CampaignDraft['audience'];
type Params = NonNullable<CampaignDraft['params']>;
export type ParamSource = NonNullable<Params['body']>[number];
export type HeaderMedia = NonNullable<Params['headerMedia']>;
export type Campaign = Answer<'/api/campaigns/{id}', 'get'>;
export type CampaignStats = Campaign['stats'];
export type Recipient = Answer<'/api/campaigns/{id}/recipients', 'get'>['items'][number];
export type Preview = Answer<'/api/campaigns/preview', 'post'>;
type Template = Answer<'/api/templates', 'get'>['data'][number];

/** An approved template as the campaign form offers it. */
export interface TemplateChoice {
  name: string;
  language: string;
  category: Template['category'];
  body: string | null;
  /** A media header the campaign must fill (a photo, document or video), if the template has one. */
  mediaHeader: HeaderMedia['kind'] | null;
  /** The texts of its quick-reply buttons: a campaign can send each tap to a flow of its own. */
  quickReplies: string[];
}

const at = (id: string) => ({ params: { path: { id } } });

export const campaignsApi = {
  list: () => api.get('/api/campaigns').then((r) => r.items),
  get: (id: string) => api.get('/api/campaigns/{id}', at(id)),
  create: (draft: CampaignDraft) => api.post('/api/campaigns', { body: draft }),
  control: (id: string, action: 'start' | 'pause' | 'resume' | 'cancel') =>
    // The four controls share one shape; the document lists each path.
    api.post(`/api/campaigns/{id}/${action}` as '/api/campaigns/{id}/start', at(id)),
  preview: (draft: Body<'/api/campaigns/preview', 'post'>) =>
    api.post('/api/campaigns/preview', { body: draft }),
  recipients: (id: string, only?: 'failed' | 'skipped' | 'replied') =>
    api
      .get('/api/campaigns/{id}/recipients', {
        params: { path: { id }, query: { limit: 100, ...(only ? { only } : {}) } },
      })
      .then((r) => r.items),
  /** Approved templates, with their body text for the preview. */
  templates: async (): Promise<TemplateChoice[]> => {
    const page = await api.get('/api/templates', { params: { query: { status: 'approved', limit: '100' } } });
    return page.data.map((t) => ({
      name: t.name,
      language: t.language,
      category: t.category,
      body:
        (Array.isArray(t.components) ? (t.components as Array<{ type?: string; text?: string }>) : []).find(
          (c) => String(c.type).toUpperCase() === 'BODY',
        )?.text ?? null,
      mediaHeader: mediaHeaderOf(t.components),
      quickReplies: quickRepliesOf(t.components),
    }));
  },
  segments: () => api.get('/api/segments').then((r) => r.items),
  flows: () =>
    api.get('/api/flows').then((flows) => flows.filter((f) => f.activeVersion !== null && !f.archived)),
};

/** The format of a template's media header (IMAGE, DOCUMENT, VIDEO), or null for text or none. */
export function mediaHeaderOf(components: unknown): TemplateChoice['mediaHeader'] {
  const list = Array.isArray(components) ? (components as Array<{ type?: string; format?: string }>) : [];
  const format = String(
    list.find((c) => String(c.type).toUpperCase() === 'HEADER')?.format ?? '',
  ).toLowerCase();
  return format === 'image' || format === 'document' || format === 'video' ? format : null;
}

/** The texts of a template's quick-reply buttons (Meta's BUTTONS component), in order. */
export function quickRepliesOf(components: unknown): string[] {
  const list = Array.isArray(components) ? (components as Array<Record<string, unknown>>) : [];
  const buttons = list.find((c) => String(c.type).toUpperCase() === 'BUTTONS')?.buttons;
  return (Array.isArray(buttons) ? (buttons as Array<Record<string, unknown>>) : [])
    .filter((b) => String(b.type).toUpperCase() === 'QUICK_REPLY' && typeof b.text === 'string')
    .map((b) => String(b.text));
}

/** How many {{n}} a template body has. */
export function placeholderCount(body: string | null): number {
  return new Set(body?.match(/\{\{\s*\d+\s*\}\}/g)?.map((m) => m.replace(/\s/g, '')) ?? []).size;
}
