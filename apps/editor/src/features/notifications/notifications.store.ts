import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../../api/api-client';
import { latestRequest } from '../../api/latest';
import { api, beforeSignOut, onSignedOut } from '../auth';
import {
  currentSubscription,
  forgetThisBrowser,
  subscribeThisBrowser,
  unsubscribeThisBrowser,
} from './browser-push';
import {
  notificationsApi,
  type Channel,
  type Preferences,
  type PreferencesView,
  type WorkspaceSettings,
} from './notifications.api';

export interface NotificationsState {
  view: PreferencesView | null;
  draft: Preferences | null;
  workspace: WorkspaceSettings | null;
  /** This browser receives push for the signed-in person. */
  pushOn: boolean;
  busy: boolean;
  message: string | null;
  error: string | null;
  load(api: ApiClient, withWorkspace: boolean): Promise<void>;
  toggle(type: string, channel: Channel): void;
  setQuietHours(quietHours: Preferences['quietHours']): void;
  setTimeZone(timeZone: string): void;
  save(api: ApiClient): Promise<void>;
  enablePush(api: ApiClient): Promise<void>;
  disablePush(api: ApiClient): Promise<void>;
  editWorkspace(settings: WorkspaceSettings): void;
  saveWorkspace(api: ApiClient): Promise<void>;
}

const text = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

// The page loads the signed-in person's preferences: an answer still in flight when they sign out
// (or when the page loads again) must not land, or the next person would see (and save) them.
const loading = latestRequest();

/** The notifications settings page's state: the person's draft preferences, this browser's push, the workspace's settings. */
export const notificationsStore = createStore<NotificationsState>((set, get) => ({
  view: null,
  draft: null,
  workspace: null,
  pushOn: false,
  busy: false,
  message: null,
  error: null,

  async load(api, withWorkspace) {
    const isLatest = loading.start();
    set({ busy: true, error: null, message: null });
    try {
      const [view, workspace, subscription] = await Promise.all([
        notificationsApi.preferences(api),
        withWorkspace ? notificationsApi.workspace(api) : Promise.resolve(null),
        currentSubscription().catch(() => null),
      ]);
      // A person who never chose a time zone gets the browser's, shown for them to save.
      const draft = { ...view.preferences };
      if (!view.preferences.quietHours && view.preferences.timeZone === 'UTC')
        draft.timeZone = browserTimeZone();
      if (isLatest()) set({ view, draft, workspace, pushOn: Boolean(subscription), busy: false });
    } catch (error) {
      if (isLatest()) set({ busy: false, error: text(error) });
    }
  },

  toggle(type, channel) {
    const draft = get().draft;
    if (!draft) return;
    const current = draft.events[type] ?? { email: true, push: true };
    set({
      draft: { ...draft, events: { ...draft.events, [type]: { ...current, [channel]: !current[channel] } } },
      message: null,
    });
  },

  setQuietHours(quietHours) {
    const draft = get().draft;
    if (draft) set({ draft: { ...draft, quietHours }, message: null });
  },

  setTimeZone(timeZone) {
    const draft = get().draft;
    if (draft) set({ draft: { ...draft, timeZone }, message: null });
  },

  async save(api) {
    const draft = get().draft;
    if (!draft) return;
    set({ busy: true, error: null, message: null });
    try {
      const view = await notificationsApi.savePreferences(api, draft);
      set({ view, draft: view.preferences, busy: false, message: 'Your notification settings are saved.' });
    } catch (error) {
      set({ busy: false, error: text(error) });
    }
  },

  async enablePush(api) {
    const key = get().view?.pushPublicKey;
    if (!key) return;
    set({ busy: true, error: null, message: null });
    try {
      const subscription = await subscribeThisBrowser(key);
      await notificationsApi.subscribe(api, subscription);
      set({ pushOn: true, busy: false, message: 'Push notifications are on for this browser.' });
    } catch (error) {
      set({ busy: false, error: text(error) });
    }
  },

  async disablePush(api) {
    set({ busy: true, error: null, message: null });
    try {
      const endpoint = await unsubscribeThisBrowser();
      if (endpoint) await notificationsApi.unsubscribe(api, endpoint).catch(() => undefined);
      set({ pushOn: false, busy: false, message: 'Push notifications are off for this browser.' });
    } catch (error) {
      set({ busy: false, error: text(error) });
    }
  },

  editWorkspace(settings) {
    set({ workspace: settings, message: null });
  },

  async saveWorkspace(api) {
    const workspace = get().workspace;
    if (!workspace) return;
    set({ busy: true, error: null, message: null });
    try {
      const saved = await notificationsApi.saveWorkspace(api, workspace);
      set({ workspace: saved, busy: false, message: 'The workspace’s notification settings are saved.' });
    } catch (error) {
      set({ busy: false, error: text(error) });
    }
  },
}));

// Whoever signs in next on this browser must not get this person's pushes.
beforeSignOut(() => forgetThisBrowser((endpoint) => notificationsApi.unsubscribe(api, endpoint)));
onSignedOut(() => {
  loading.drop();
  notificationsStore.setState({
    view: null,
    draft: null,
    workspace: null,
    pushOn: false,
    busy: false,
    message: null,
    error: null,
  });
});
