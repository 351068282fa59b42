import { useStore } from 'zustand';
import { ApiClient, type Session } from '../../api/api-client';
import { createSessionStore, type SessionState } from './session.store';

export { can, ROLE_DESCRIPTIONS, ROLE_LABELS, type Caller, type Permission, type Role } from './permissions';
export type { SessionState } from './session.store';

/** The session survives a reload of the tab (not a closed browser): sessionStorage, not localStorage. */
const SESSION_KEY = 'leadline.editor.session';

function storedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    const parsed = raw ? (JSON.parse(raw) as Session) : null;
    return parsed && typeof parsed.token === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function keepSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Private mode without storage: the session lasts until the tab reloads.
  }
}

const signedOutListeners = new Set<() => void>();
const signOutTasks = new Set<() => Promise<unknown>>();

/** The API client every feature uses; it carries the session's token and refreshes it. */
export const api: ApiClient = new ApiClient(
  () => sessionStore.getState().session ?? sessionStore.getState().pending,
  undefined,
  (session) => sessionStore.getState().refreshed(session),
);

export const sessionStore = createSessionStore({
  api: () => api,
  initial: storedSession(),
  keep: keepSession,
  onSignedOut: () => signedOutListeners.forEach((listener) => listener()),
  beforeSignOut: () => Promise.allSettled([...signOutTasks].map((task) => task())),
});

/** Work a feature does as the person signs out, while their session still works (e.g. forget this browser's push). */
export function beforeSignOut(task: () => Promise<unknown>): () => void {
  signOutTasks.add(task);
  return () => signOutTasks.delete(task);
}

/** Features forget what they loaded for the previous person when someone signs out. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(sessionStore, selector);
}
