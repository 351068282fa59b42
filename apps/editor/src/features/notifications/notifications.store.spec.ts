import type { ApiClient } from '../../api/api-client';
import { notificationsStore } from './notifications.store';

const preferences = (timeZone: string) => ({
  preferences: { events: {}, quietHours: null, timeZone },
  pushPublicKey: null,
});

describe('the notifications settings page', () => {
  it('keeps the answer to its latest load when an earlier load answers last', async () => {
    // The page loads again once it knows the person manages the workspace: the first load (without
    // the workspace's settings) must not replace the second (with them) by answering last.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let asked = 0;
    const api = {
      get: jest.fn(async (path: string) => {
        if (path === '/api/notifications/workspace') return { digest: 'daily' };
        if ((asked += 1) === 1) {
          await firstHeld;
          return preferences('Europe/Lisbon');
        }
        return preferences('Europe/Madrid');
      }),
    } as unknown as ApiClient;

    const first = notificationsStore.getState().load(api, false);
    await notificationsStore.getState().load(api, true);
    releaseFirst();
    await first;

    const state = notificationsStore.getState();
    expect(state.workspace).toEqual({ digest: 'daily' });
    expect(state.view?.preferences.timeZone).toBe('Europe/Madrid');
    expect(state.busy).toBe(false);
  });
});
