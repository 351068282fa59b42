import type { ApiClient } from '../../api/api-client';

export type Channel = 'email' | 'push';

export interface Preferences {
  events: Partial<Record<string, { email: boolean; push: boolean }>>;
  quietHours: { start: string; end: string } | null;
  timeZone: string;
}

export interface PreferencesView {
  preferences: Preferences;
  events: Array<{ type: string; label: string }>;
  pushPublicKey: string | null;
  emailEnabled: boolean;
}

export interface WorkspaceSettings {
  digest: { enabled: boolean; threshold: number; windowMinutes: number };
  includeMessageText: boolean;
}

/** The /api/notifications calls of the settings page. */
export const notificationsApi = {
  preferences: (api: ApiClient) => api.request<PreferencesView>('GET', '/api/notifications/preferences'),
  savePreferences: (api: ApiClient, preferences: Preferences) =>
    api.request<PreferencesView>('PUT', '/api/notifications/preferences', preferences),
  subscribe: (api: ApiClient, subscription: PushSubscriptionJSON) =>
    api.request<void>('POST', '/api/notifications/push-subscriptions', subscription),
  unsubscribe: (api: ApiClient, endpoint: string) =>
    api.request<void>('DELETE', '/api/notifications/push-subscriptions', { endpoint }),
  workspace: (api: ApiClient) => api.request<WorkspaceSettings>('GET', '/api/notifications/workspace'),
  saveWorkspace: (api: ApiClient, settings: WorkspaceSettings) =>
    api.request<WorkspaceSettings>('PUT', '/api/notifications/workspace', settings),
};
