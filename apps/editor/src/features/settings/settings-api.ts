import type { Answer, ApiClient, Body } from '../../api/api-client';
import type { Permission } from '../auth';

/** Settings' shapes, as the API's document describes them (users, channels, keys, webhooks, usage). */
export type Member = Answer<'/api/users', 'get'>['data'][number];
export type Channel = Answer<'/api/channels', 'get'>['data'][number];
export type ApiKey = Answer<'/api/api-keys', 'get'>['data'][number];
export type WebhookSubscription = Answer<'/api/webhook-subscriptions', 'get'>['data'][number];
export type AiUsage = Answer<'/api/usage/ai', 'get'>;
export type QuickReply = Answer<'/api/quick-replies', 'get'>[number];
export type QuickReplyInput = Body<'/api/quick-replies', 'post'>;
export type AiKey = Answer<'/api/settings/ai-keys', 'get'>[number];
type Invite = Body<'/api/users', 'post'>;
type NewWebhook = Body<'/api/webhook-subscriptions', 'post'>;
export type WebhookEvent = NewWebhook['events'][number];

/** Settings' calls, all on the API's existing endpoints (users, channels, api-keys, webhooks, usage). */
export function settingsApi(api: ApiClient) {
  const at = (id: string) => ({ params: { path: { id } } });
  return {
    members: () => api.get('/api/users', { params: { query: { limit: '100' } } }),
    invite: (input: Invite) => api.post('/api/users', { body: input }),
    changeRole: (userId: string, role: Member['role']) =>
      api.patch('/api/users/{id}', { ...at(userId), body: { role } }),
    removeMember: (userId: string) => api.delete('/api/users/{id}', at(userId)),
    channels: () => api.get('/api/channels', { params: { query: { limit: '100' } } }),
    apiKeys: () => api.get('/api/api-keys', { params: { query: { limit: '100', revoked: 'false' } } }),
    createApiKey: (name: string, scopes: Permission[]) =>
      api.post('/api/api-keys', { body: { name, scopes } }),
    revokeApiKey: (keyId: string) => api.delete('/api/api-keys/{id}', at(keyId)),
    webhooks: () => api.get('/api/webhook-subscriptions'),
    createWebhook: (input: NewWebhook) => api.post('/api/webhook-subscriptions', { body: input }),
    deleteWebhook: (subscriptionId: string) =>
      api.delete('/api/webhook-subscriptions/{id}', at(subscriptionId)),
    aiUsage: () => api.get('/api/usage/ai'),
    aiKeys: () => api.get('/api/settings/ai-keys'),
    setAiKey: (provider: AiKey['provider'], input: Body<'/api/settings/ai-keys/{provider}', 'put'>) =>
      api.put('/api/settings/ai-keys/{provider}', { params: { path: { provider } }, body: input }),
    removeAiKey: (provider: AiKey['provider']) =>
      api.delete('/api/settings/ai-keys/{provider}', { params: { path: { provider } } }),
    quickReplies: () => api.get('/api/quick-replies'),
    createQuickReply: (input: QuickReplyInput) => api.post('/api/quick-replies', { body: input }),
    updateQuickReply: (replyId: string, input: QuickReplyInput) =>
      api.put('/api/quick-replies/{id}', { ...at(replyId), body: input }),
    removeQuickReply: (replyId: string) => api.delete('/api/quick-replies/{id}', at(replyId)),
  };
}
