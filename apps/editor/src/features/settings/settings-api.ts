import type { ApiClient } from '../../api/api-client';
import type { Role } from '../auth';
import type { Page } from '../contacts/contacts-api';

export interface Member {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Channel {
  id: string;
  provider: 'meta' | 'twilio' | 'sandbox' | string;
  name: string | null;
  displayPhone: string | null;
  status: string;
  hasCredentials: boolean;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface WebhookSubscription {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: string;
}

export interface AiUsage {
  lines: Array<{
    provider: string;
    model: string;
    task: string;
    calls: number;
    failed: number;
    inputTokens: number;
    outputTokens: number;
  }>;
  totals: { calls: number; failed: number; inputTokens: number; outputTokens: number };
}

export interface QuickReply {
  id: string;
  title: string;
  body: string;
  updatedAt: string;
}

export interface AiKey {
  provider: 'openai' | 'gemini';
  set: boolean;
  updatedAt: string | null;
  model: string | null;
  serverKey: boolean;
}

/** Settings' calls, all on the API's existing endpoints (users, channels, api-keys, webhooks, usage). */
export function settingsApi(api: ApiClient) {
  const id = encodeURIComponent;
  return {
    members: () => api.request<Page<Member>>('GET', '/api/users?limit=100'),
    invite: (input: { email: string; name?: string; role: Role; password: string }) =>
      api.request<Member>('POST', '/api/users', input),
    changeRole: (userId: string, role: Role) =>
      api.request<Member>('PATCH', `/api/users/${id(userId)}`, { role }),
    removeMember: (userId: string) => api.request<void>('DELETE', `/api/users/${id(userId)}`),
    channels: () => api.request<Page<Channel>>('GET', '/api/channels?limit=100'),
    apiKeys: () => api.request<Page<ApiKey>>('GET', '/api/api-keys?limit=100&revoked=false'),
    createApiKey: (name: string, scopes: string[]) =>
      api.request<ApiKey & { key: string }>('POST', '/api/api-keys', { name, scopes }),
    revokeApiKey: (keyId: string) => api.request<void>('DELETE', `/api/api-keys/${id(keyId)}`),
    webhooks: () => api.request<WebhookSubscription[]>('GET', '/api/webhook-subscriptions'),
    createWebhook: (input: { url: string; events: string[]; description?: string }) =>
      api.request<WebhookSubscription & { secret: string }>('POST', '/api/webhook-subscriptions', input),
    deleteWebhook: (subscriptionId: string) =>
      api.request<void>('DELETE', `/api/webhook-subscriptions/${id(subscriptionId)}`),
    aiUsage: () => api.request<AiUsage>('GET', '/api/usage/ai'),
    aiKeys: () => api.request<AiKey[]>('GET', '/api/settings/ai-keys'),
    setAiKey: (provider: AiKey['provider'], input: { key: string; model?: string }) =>
      api.request<AiKey[]>('PUT', `/api/settings/ai-keys/${provider}`, input),
    removeAiKey: (provider: AiKey['provider']) =>
      api.request<AiKey[]>('DELETE', `/api/settings/ai-keys/${provider}`),
    quickReplies: () => api.request<QuickReply[]>('GET', '/api/quick-replies'),
    createQuickReply: (input: { title: string; body: string }) =>
      api.request<QuickReply>('POST', '/api/quick-replies', input),
    updateQuickReply: (replyId: string, input: { title: string; body: string }) =>
      api.request<QuickReply>('PUT', `/api/quick-replies/${id(replyId)}`, input),
    removeQuickReply: (replyId: string) => api.request<void>('DELETE', `/api/quick-replies/${id(replyId)}`),
  };
}
