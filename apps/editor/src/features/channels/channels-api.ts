import type { TemplateDraft } from '@leadline/flow-core';
import type { Answer, Body } from '../../api/api-client';
import { api } from '../auth';

/** A WhatsApp number as GET /api/channels shows it (credentials never come back). */
export type ChannelSummary = Answer<'/api/channels', 'get'>['data'][number];
export type TemplateSummary = Answer<'/api/templates', 'get'>['data'][number];
export type SignupSettings = Answer<'/api/channels/meta/embedded-signup', 'get'>;
export type ManualChannel = Body<'/api/channels', 'post'>;
type Signup = Body<'/api/channels/meta/embedded-signup', 'post'>;

export const channelsApi = {
  list: () => api.get('/api/channels', { params: { query: { limit: '100' } } }).then((page) => page.data),
  signupSettings: () => api.get('/api/channels/meta/embedded-signup'),
  completeSignup: (body: Signup) => api.post('/api/channels/meta/embedded-signup', { body }),
  addManual: (body: ManualChannel) => api.post('/api/channels', { body }),
  templates: (channel: string) =>
    api.get('/api/templates', { params: { query: { channel, limit: '100' } } }).then((page) => page.data),
  submitTemplate: (channelId: string, template: TemplateDraft) =>
    api.post('/api/templates', { body: { channelId, template } }),
};
