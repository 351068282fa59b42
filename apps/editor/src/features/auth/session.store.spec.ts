import { ApiError, type ApiClient, type CallerInfo, type Session } from '../../api/api-client';
import { createSessionStore, SIGN_OUT_TASKS_MS } from './session.store';

const agent: CallerInfo = {
  kind: 'user',
  tenantId: '00000000-0000-4000-8000-000000000001',
  role: 'agent',
  permissions: ['contacts:read', 'conversations:read'],
  workspace: { slug: 'acme', name: 'Acme Ltd' },
  user: { name: 'Ana Agent', email: 'ana@acme.test' },
  capabilities: { queueDashboard: false },
};

function fakeApi(overrides: Partial<Record<'login' | 'me' | 'logout', jest.Mock>> = {}) {
  return {
    login: jest.fn(async (): Promise<Session> => ({
      token: 'access',
      refreshToken: 'r1',
      who: 'ana@acme.test',
    })),
    me: jest.fn(async () => agent),
    logout: jest.fn(async () => undefined),
    ...overrides,
  };
}

describe('the web app session', () => {
  it('signs in, learns the role and the workspace, and keeps the session', async () => {
    const api = fakeApi();
    const keep = jest.fn();
    const store = createSessionStore({ api: () => api as unknown as ApiClient, keep });
    expect(await store.getState().signIn(' acme ', 'ana@acme.test', 'secret')).toBe(true);
    expect(api.login).toHaveBeenCalledWith('acme', 'ana@acme.test', 'secret');
    expect(store.getState().session).toMatchObject({
      token: 'access',
      name: 'Ana Agent',
      role: 'agent',
      workspace: 'Acme Ltd',
    });
    expect(store.getState().caller?.permissions).toContain('contacts:read');
    expect(keep).toHaveBeenLastCalledWith(expect.objectContaining({ token: 'access' }));
  });

  it('says plainly why a sign-in failed and stays signed out', async () => {
    const api = fakeApi({ login: jest.fn(async () => Promise.reject(new ApiError(401, 'Invalid'))) });
    const store = createSessionStore({ api: () => api as unknown as ApiClient });
    expect(await store.getState().signIn('acme', 'ana@acme.test', 'wrong')).toBe(false);
    expect(store.getState().session).toBeNull();
    expect(store.getState().error).toMatch(/check the workspace, email and password/);
    expect(store.getState().busy).toBe(false);
  });

  it('refuses an API key the API does not accept', async () => {
    const api = fakeApi({ me: jest.fn(async () => Promise.reject(new ApiError(401, 'Invalid key'))) });
    const keep = jest.fn();
    const store = createSessionStore({ api: () => api as unknown as ApiClient, keep });
    expect(await store.getState().signInWithKey('ll_nope')).toBe(false);
    expect(store.getState().session).toBeNull();
    expect(store.getState().pending).toBeNull();
    expect(keep).toHaveBeenLastCalledWith(null);
  });

  it('signs out: ends the refresh token, forgets the session and tells the features', async () => {
    const api = fakeApi();
    const onSignedOut = jest.fn();
    const store = createSessionStore({ api: () => api as unknown as ApiClient, onSignedOut });
    await store.getState().signIn('acme', 'ana@acme.test', 'secret');
    await store.getState().signOut();
    expect(api.logout).toHaveBeenCalledWith('r1');
    expect(store.getState().session).toBeNull();
    expect(store.getState().caller).toBeNull();
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('signs out: first lets the features forget this browser while the session still works', async () => {
    const api = fakeApi();
    const seen: string[] = [];
    const store = createSessionStore({
      api: () => api as unknown as ApiClient,
      beforeSignOut: async () => {
        // e.g. DELETE /api/notifications/push-subscriptions: the token must still be there.
        seen.push(`task with session ${store.getState().session?.token}`);
      },
    });
    api.logout.mockImplementation(async () => void seen.push('logout'));
    await store.getState().signIn('acme', 'ana@acme.test', 'secret');
    await store.getState().signOut();
    expect(seen).toEqual(['task with session access', 'logout']);
    expect(store.getState().session).toBeNull();
  });

  it('signs out even when a feature’s sign-out task fails or never answers', async () => {
    jest.useFakeTimers();
    try {
      const api = fakeApi();
      const failing = createSessionStore({
        api: () => api as unknown as ApiClient,
        beforeSignOut: async () => Promise.reject(new Error('offline')),
      });
      await failing.getState().signIn('acme', 'ana@acme.test', 'secret');
      await failing.getState().signOut();
      expect(failing.getState().session).toBeNull();

      const hanging = createSessionStore({
        api: () => api as unknown as ApiClient,
        beforeSignOut: () => new Promise(() => undefined),
      });
      await hanging.getState().signIn('acme', 'ana@acme.test', 'secret');
      const signingOut = hanging.getState().signOut();
      expect(hanging.getState().session).not.toBeNull();
      await jest.advanceTimersByTimeAsync(SIGN_OUT_TASKS_MS);
      await signingOut;
      expect(hanging.getState().session).toBeNull();
      expect(api.logout).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('an ended session returns to the sign-in screen with a reason', () => {
    const onSignedOut = jest.fn();
    const store = createSessionStore({
      api: () => fakeApi() as unknown as ApiClient,
      initial: { token: 'old', who: 'ana@acme.test' },
      onSignedOut,
    });
    store.getState().ended();
    expect(store.getState().session).toBeNull();
    expect(store.getState().error).toBe('Your session has ended: sign in again.');
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('a reload’s who-am-I answer that lands after a sign-out and a new sign-in does not change the new person', async () => {
    const owner: CallerInfo = {
      ...agent,
      role: 'owner',
      permissions: ['contacts:read', 'contacts:write', 'flows:write', 'settings:write'],
      user: { name: 'Olivia Owner', email: 'olivia@acme.test' },
    };
    let answerReload!: (caller: CallerInfo) => void;
    const me = jest
      .fn()
      .mockImplementationOnce(() => new Promise<CallerInfo>((resolve) => (answerReload = resolve)))
      .mockImplementationOnce(async () => agent);
    const api = fakeApi({ me });
    const store = createSessionStore({
      api: () => api as unknown as ApiClient,
      initial: { token: 'owner-token', refreshToken: 'r0', who: 'olivia@acme.test' },
    });
    const reloading = store.getState().loadCaller();
    await store.getState().signOut();
    expect(await store.getState().signIn('acme', 'ana@acme.test', 'secret')).toBe(true);
    expect(store.getState().caller?.role).toBe('agent');
    // The owner's answer to the reload's question comes back last.
    answerReload(owner);
    await reloading;
    expect(store.getState().caller?.role).toBe('agent');
    expect(store.getState().caller?.permissions).not.toContain('settings:write');
    expect(store.getState().session?.name).toBe('Ana Agent');
  });

  it('a sign-in answered after the person gave up and signed out leaves them signed out, not busy', async () => {
    let answer!: (caller: CallerInfo) => void;
    const api = fakeApi({ me: jest.fn(() => new Promise<CallerInfo>((resolve) => (answer = resolve))) });
    const keep = jest.fn();
    const store = createSessionStore({ api: () => api as unknown as ApiClient, keep });
    const signingIn = store.getState().signInWithKey('ll_key');
    expect(store.getState().busy).toBe(true);
    await store.getState().signOut();
    answer(agent);
    expect(await signingIn).toBe(false);
    expect(store.getState().session).toBeNull();
    expect(store.getState().caller).toBeNull();
    expect(store.getState().busy).toBe(false);
    expect(keep).not.toHaveBeenCalledWith(expect.objectContaining({ token: 'll_key' }));
  });

  it('a password sign-in answered after the person signed out does not set up a session', async () => {
    let answer!: (session: Session) => void;
    const api = fakeApi({ login: jest.fn(() => new Promise<Session>((resolve) => (answer = resolve))) });
    const keep = jest.fn();
    const store = createSessionStore({ api: () => api as unknown as ApiClient, keep });
    const signingIn = store.getState().signIn('acme', 'ana@acme.test', 'secret');
    await store.getState().signOut();
    answer({ token: 'late', refreshToken: 'r9', who: 'ana@acme.test' });
    expect(await signingIn).toBe(false);
    expect(api.me).not.toHaveBeenCalled();
    expect(api.logout).toHaveBeenCalledWith('r9');
    expect(store.getState().session).toBeNull();
    expect(store.getState().busy).toBe(false);
  });
});
