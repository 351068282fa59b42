import type { Answer, ApiClient, Body } from '../../api/api-client';

export type Channel = 'email' | 'push';

/** The notification settings' shapes, as the API's document describes them. */
export type PreferencesView = Answer<'/api/notifications/preferences', 'get'>;
export type Preferences = Body<'/api/notifications/preferences', 'put'>;
export type WorkspaceSettings = Answer<'/api/notifications/workspace', 'get'>;

/** The /api/notifications calls of the settings page. */
export const notificationsApi = {
  preferences: (api: ApiClient) => api.get('/api/notifications/preferences'),
  savePreferences: (api: ApiClient, preferences: Preferences) =>
    api.put('/api/notifications/preferences', { body: preferences }),
  subscribe: (api: ApiClient, subscription: PushSubscriptionJSON) =>
    api.post('/api/notifications/push-subscriptions', {
      // The API names the device by its User-Agent header, which the browser sends by itself.
      params: { header: {} as { 'user-agent': string } },
      body: subscription as Body<'/api/notifications/push-subscriptions', 'post'>,
    }),
  unsubscribe: (api: ApiClient, endpoint: string) =>
    api.delete('/api/notifications/push-subscriptions', { body: { endpoint } }),
  workspace: (api: ApiClient) => api.get('/api/notifications/workspace'),
  saveWorkspace: (api: ApiClient, settings: WorkspaceSettings) =>
    api.put('/api/notifications/workspace', { body: settings }),
};
