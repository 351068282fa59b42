import { createStore, type StoreApi } from 'zustand/vanilla';
import { ApiError, type ApiClient, type Session } from '../../api/api-client';
import { latestRequest } from '../../api/latest';
import type { Caller } from './permissions';

export interface SessionState {
  /** The tokens and who they belong to; null when signed out. */
  session: Session | null;
  /** Credentials being checked at sign-in: the API client uses them before they become the session. */
  pending: Session | null;
  /** What the caller may do (GET /api/auth/me); null until known. */
  caller: Caller | null;
  /** Trying the flow editor with the bundled examples only, without an account. */
  guest: boolean;
  busy: boolean;
  error: string | null;

  signIn(tenant: string, email: string, password: string): Promise<boolean>;
  signInWithKey(key: string): Promise<boolean>;
  /** Undoes what this browser set up for the person (push), ends the refresh token, forgets the session. */
  signOut(): Promise<void>;
  enterAsGuest(): void;
  /** The API said the session is over (a 401 after refreshing failed): back to the sign-in screen. */
  ended(): void;
  /** Asks the API again who the caller is (after a reload). */
  loadCaller(): Promise<void>;
  /** The API refreshed the tokens. */
  refreshed(session: Session): void;
}

export interface SessionStoreOptions {
  api: () => ApiClient;
  initial?: Session | null;
  /** Keeps the session across reloads (sessionStorage in the app). */
  keep?: (session: Session | null) => void;
  /** Called when the person signs out or the session ends: features forget what they loaded. */
  onSignedOut?: () => void;
  /**
   * Runs when the person signs out, while their tokens still work: features undo what they set up on
   * this browser for the person (its push subscription). Sign-out waits for it at most
   * SIGN_OUT_TASKS_MS, and goes ahead whatever it does.
   */
  beforeSignOut?: () => Promise<unknown>;
}

/** How long sign-out waits for the features' tasks (an unreachable API must not keep a person signed in). */
export const SIGN_OUT_TASKS_MS = 3_000;

export type SessionStore = StoreApi<SessionState>;

function message(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'That sign-in did not work: check the workspace, email and password.';
    if (error.status === 429) return 'Too many attempts: wait a few minutes and try again.';
    return error.message;
  }
  return 'The server could not be reached: try again in a moment.';
}

/**
 * The one sign-in of the web app, shared by every feature: the session's tokens, the caller's role and
 * permissions, and the guest mode of the flow editor.
 */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const keep = options.keep ?? (() => undefined);
  return createStore<SessionState>()((set, get) => {
    /**
     * Who-am-I answers (sign-in, reload): only the latest may land. A reload's `/me` still in flight
     * when the person signs out and in again as someone else must not give the new session the old
     * person's role; sign-out and a session's end drop whatever is in flight.
     */
    const asking = latestRequest();
    const establish = async (session: Session): Promise<boolean> => {
      const isLatest = asking.start();
      set({ pending: session, busy: true, error: null });
      try {
        const caller = await options.api().me();
        if (!isLatest()) return false;
        const complete: Session = {
          ...session,
          role: caller.role ?? session.role,
          workspace: caller.workspace?.name ?? session.workspace,
          name: caller.user?.name ?? session.name,
          who: caller.user?.email ?? session.who,
        };
        keep(complete);
        set({ session: complete, pending: null, caller, guest: false, busy: false });
        return true;
      } catch (error) {
        if (!isLatest()) return false;
        keep(null);
        set({ session: null, pending: null, caller: null, busy: false, error: message(error) });
        return false;
      }
    };

    return {
      session: options.initial ?? null,
      pending: null,
      caller: null,
      guest: false,
      busy: false,
      error: null,

      signIn: async (tenant, email, password) => {
        const isLatest = asking.start();
        set({ busy: true, error: null });
        let session: Session;
        try {
          session = await options.api().login(tenant.trim(), email.trim(), password);
        } catch (error) {
          if (isLatest()) set({ busy: false, error: message(error) });
          return false;
        }
        // Given up meanwhile (signed out, or another sign-in started): these tokens are not kept,
        // and their refresh token is ended rather than left valid.
        if (!isLatest()) {
          if (session.refreshToken)
            void options
              .api()
              .logout(session.refreshToken)
              .catch(() => undefined);
          return false;
        }
        return establish(session);
      },

      signInWithKey: async (key) => {
        const token = key.trim();
        return establish({ token, who: `API key ${token.slice(0, 10)}…` });
      },

      signOut: async () => {
        if (get().session && options.beforeSignOut) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([
            options.beforeSignOut().catch(() => undefined),
            new Promise((resolve) => (timer = setTimeout(resolve, SIGN_OUT_TASKS_MS))),
          ]);
          clearTimeout(timer);
        }
        const session = get().session;
        if (session?.refreshToken)
          void options
            .api()
            .logout(session.refreshToken)
            .catch(() => undefined);
        asking.drop();
        keep(null);
        set({ session: null, pending: null, caller: null, guest: false, busy: false, error: null });
        options.onSignedOut?.();
      },

      enterAsGuest: () => set({ guest: true, error: null }),

      ended: () => {
        if (!get().session) return;
        asking.drop();
        keep(null);
        set({ session: null, caller: null, error: 'Your session has ended: sign in again.' });
        options.onSignedOut?.();
      },

      loadCaller: async () => {
        const session = get().session;
        if (!session) return;
        const isLatest = asking.start();
        try {
          const caller = await options.api().me();
          if (isLatest()) set({ caller });
        } catch (error) {
          if (!isLatest()) return;
          if (error instanceof ApiError && error.status === 401) get().ended();
          else set({ error: message(error) });
        }
      },

      refreshed: (session) => {
        keep(session);
        set({ session });
      },
    };
  });
}
