import type { TemplateDraft } from '@leadline/flow-core';
import { api } from '../auth';

/** A WhatsApp number as GET /api/channels shows it (credentials never come back). */
export interface ChannelSummary {
  id: string;
  provider: 'meta' | 'twilio' | 'sandbox';
  name: string | null;
  phoneNumberId: string;
  wabaId: string | null;
  displayPhone: string;
  status: string;
  verifiedName: string | null;
  qualityRating: string | null;
  messagingTier: string | null;
  healthUpdatedAt: string | null;
}

export interface TemplateSummary {
  id: string;
  channelId: string;
  name: string;
  language: string;
  category: 'marketing' | 'utility' | 'authentication';
  status: 'draft' | 'pending' | 'approved' | 'rejected' | 'paused' | 'disabled';
  rejectionReason: string | null;
  components: unknown[];
}

export interface SignupSettings {
  enabled: boolean;
  appId: string | null;
  configId: string | null;
  graphVersion: string;
}

export interface ManualChannel {
  provider: 'meta' | 'twilio';
  phoneNumberId?: string;
  wabaId?: string;
  name?: string;
  credentials: Record<string, string>;
}

export const channelsApi = {
  list: () =>
    api.request<{ data: ChannelSummary[] }>('GET', '/api/channels?limit=100').then((page) => page.data),
  signupSettings: () => api.request<SignupSettings>('GET', '/api/channels/meta/embedded-signup'),
  completeSignup: (body: { code: string; wabaId: string; phoneNumberId: string; pin?: string }) =>
    api.request<{ channel: ChannelSummary }>('POST', '/api/channels/meta/embedded-signup', body),
  addManual: (body: ManualChannel) => api.request<ChannelSummary>('POST', '/api/channels', body),
  templates: (channelId: string) =>
    api
      .request<{ data: TemplateSummary[] }>(
        'GET',
        `/api/templates?channel=${encodeURIComponent(channelId)}&limit=100`,
      )
      .then((page) => page.data),
  submitTemplate: (channelId: string, template: TemplateDraft) =>
    api.request<TemplateSummary>('POST', '/api/templates', { channelId, template }),
};
