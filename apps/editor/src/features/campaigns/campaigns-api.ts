import { api } from '../auth';

/** A template parameter's source, as the API takes it (libs/campaigns campaign-spec.ts). */
export type ParamSource = { field: string } | { value: string };

export type Audience = { tags: string[] } | { segmentId: string };

export interface CampaignStats {
  status: string;
  recipients: number;
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  replied: number;
  completed: number;
  skipped: { optedOut: number; tierLimit: number; invalid: number; marketingToUs: number; cancelled: number };
}

export interface Campaign {
  id: string;
  name: string;
  status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
  templateName: string;
  templateLanguage: string;
  audience: { tags?: string[]; segmentId?: string };
  flowKey: string | null;
  ratePerSecond: number;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  stats: CampaignStats;
}

export interface Recipient {
  id: string;
  phone: string;
  name: string | null;
  state: string;
  messageStatus: string | null;
  reason: string | null;
  repliedAt: string | null;
  flowStatus: string | null;
}

export interface TemplateChoice {
  name: string;
  language: string;
  category: string;
  body: string | null;
  /** A media header the campaign must fill (a photo, document or video), if the template has one. */
  mediaHeader: 'image' | 'document' | 'video' | null;
  /** The texts of its quick-reply buttons: a campaign can send each tap to a flow of its own. */
  quickReplies: string[];
}

export type HeaderMedia = { kind: 'image' | 'document' | 'video'; url: string };

export interface Preview {
  count: number;
  template: { category: string; status: string; body: string | null; header: string | null } | null;
  samples: Array<{
    name: string | null;
    phone: string;
    text: string | null;
    header?: string | null;
    missing?: string;
  }>;
}

export interface CampaignDraft {
  name: string;
  templateName: string;
  language: string;
  audience: Audience;
  params: { body: ParamSource[]; fallback?: string; headerMedia?: HeaderMedia };
  flowKey?: string;
  /** A quick-reply button's text → the flow its tap starts (other replies go to flowKey). */
  buttonFlows?: Record<string, string>;
  scheduledAt?: string;
  ratePerSecond?: number;
}

export const campaignsApi = {
  list: () => api.request<{ items: Campaign[] }>('GET', '/api/campaigns').then((r) => r.items),
  get: (id: string) => api.request<Campaign>('GET', `/api/campaigns/${encodeURIComponent(id)}`),
  create: (draft: CampaignDraft) => api.request<{ id: string }>('POST', '/api/campaigns', draft),
  control: (id: string, action: 'start' | 'pause' | 'resume' | 'cancel') =>
    api.request<{ status: string }>('POST', `/api/campaigns/${encodeURIComponent(id)}/${action}`, {}),
  preview: (draft: Omit<CampaignDraft, 'name'>) =>
    api.request<Preview>('POST', '/api/campaigns/preview', draft),
  recipients: (id: string, only?: 'failed' | 'skipped' | 'replied') =>
    api
      .request<{ items: Recipient[] }>(
        'GET',
        `/api/campaigns/${encodeURIComponent(id)}/recipients?limit=100${only ? `&only=${only}` : ''}`,
      )
      .then((r) => r.items),
  /** Approved templates, with their body text for the preview. */
  templates: async (): Promise<TemplateChoice[]> => {
    const page = await api.request<{ data?: Array<Record<string, unknown>> }>(
      'GET',
      '/api/templates?status=approved&limit=100',
    );
    return (page.data ?? []).map((t) => ({
      name: String(t.name),
      language: String(t.language),
      category: String(t.category),
      body:
        (Array.isArray(t.components) ? (t.components as Array<{ type?: string; text?: string }>) : []).find(
          (c) => String(c.type).toUpperCase() === 'BODY',
        )?.text ?? null,
      mediaHeader: mediaHeaderOf(t.components),
      quickReplies: quickRepliesOf(t.components),
    }));
  },
  segments: () =>
    api
      .request<{ items: Array<{ id: string; name: string; count: number }> }>('GET', '/api/segments')
      .then((r) => r.items),
  flows: () =>
    api
      .request<Array<{ key: string; name: string; activeVersion: number | null; archived: boolean }>>(
        'GET',
        '/api/flows',
      )
      .then((flows) => flows.filter((f) => f.activeVersion !== null && !f.archived)),
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
