import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { latestRequest } from '../../api/latest';
import { api, onSignedOut, sessionStore } from '../auth';
import { plainError } from '../shell/load-state';
import { inboxApi, type ConversationDetail, type InboxConversation, type InboxFilter } from './inbox-api';

export const inbox = inboxApi(api, () => sessionStore.getState().session?.token);

type Loadable<T> = { status: 'idle' | 'loading' | 'ready' | 'error'; data: T | null; error: string | null };

export interface InboxState {
  filter: InboxFilter;
  query: string;
  list: Loadable<InboxConversation[]> & { nextCursor: string | null };
  /** The open conversation and when its answer came (the reply window counts from there). */
  detail: Loadable<ConversationDetail> & { id: string | null; loadedAt: number };
  /** The live stream: connecting, live, or off (it retries by itself). */
  live: 'connecting' | 'live' | 'off';

  setFilter(filter: InboxFilter): void;
  setQuery(query: string): void;
  loadList(): Promise<void>;
  loadMore(): Promise<void>;
  open(id: string | null): Promise<void>;
  refreshDetail(): Promise<void>;
  /** Something changed in the workspace: refresh what is on screen. */
  changed(conversationId: string | null): void;
  setLive(live: InboxState['live']): void;
  reset(): void;
}

const idle = { status: 'idle' as const, data: null, error: null };

/** The inbox's state: the list as filtered and searched, the open conversation, the live stream. */
export const inboxStore = createStore<InboxState>()((set, get) => {
  // The list (filter, search, live reloads, older pages) and the open conversation each show only the
  // answer to their latest request; a reset (sign-out) drops whatever is still in flight.
  const listing = latestRequest();
  const opening = latestRequest();
  return {
    filter: 'all',
    query: '',
    list: { ...idle, nextCursor: null },
    detail: { ...idle, id: null, loadedAt: 0 },
    live: 'connecting',

    setFilter: (filter) => {
      set({ filter });
      void get().loadList();
    },
    setQuery: (query) => {
      set({ query });
      void get().loadList();
    },

    loadList: async () => {
      const isLatest = listing.start();
      set((state) => ({ list: { ...state.list, status: 'loading', error: null } }));
      try {
        const page = await inbox.list(get().filter, get().query);
        if (!isLatest()) return;
        set({ list: { status: 'ready', data: page.data, error: null, nextCursor: page.nextCursor } });
      } catch (error) {
        if (!isLatest()) return;
        set((state) => ({ list: { ...state.list, status: 'error', error: plainError(error) } }));
      }
    },

    loadMore: async () => {
      const { list, filter, query } = get();
      const cursor = list.nextCursor;
      if (!cursor) return;
      // Older rows belong after the list they were asked for: not after the list of another filter or
      // search chosen meanwhile (nor a reload), and not twice (a second click on the same cursor).
      const unchanged = listing.watch();
      const page = await inbox.list(filter, query, cursor);
      if (!unchanged() || get().list.nextCursor !== cursor) return;
      set((state) => ({
        list: {
          ...state.list,
          data: [...(state.list.data ?? []), ...page.data],
          nextCursor: page.nextCursor,
        },
      }));
    },

    open: async (id) => {
      if (id === get().detail.id && get().detail.status !== 'error') return;
      set({ detail: { ...idle, id, status: id ? 'loading' : 'idle', loadedAt: 0 } });
      if (id) await get().refreshDetail();
    },

    refreshDetail: async () => {
      const id = get().detail.id;
      if (!id) return;
      const isLatest = opening.start();
      try {
        const data = await inbox.get(id);
        if (!isLatest() || get().detail.id !== id) return;
        set({ detail: { status: 'ready', data, error: null, id, loadedAt: Date.now() } });
        // Reading it clears its unread count for this person; the list shows that at once.
        void inbox.read(id).catch(() => undefined);
        set((state) => ({
          list: {
            ...state.list,
            data: state.list.data?.map((row) => (row.id === id ? { ...row, unread: 0 } : row)) ?? null,
          },
        }));
      } catch (error) {
        if (!isLatest() || get().detail.id !== id) return;
        set((state) => ({ detail: { ...state.detail, status: 'error', error: plainError(error) } }));
      }
    },

    changed: (conversationId) => {
      void get().loadList();
      const open = get().detail.id;
      if (open && (conversationId === null || conversationId === open)) void get().refreshDetail();
    },

    setLive: (live) => set({ live }),

    reset: () => {
      listing.drop();
      opening.drop();
      set({
        filter: 'all',
        query: '',
        list: { ...idle, nextCursor: null },
        detail: { ...idle, id: null, loadedAt: 0 },
      });
    },
  };
});

onSignedOut(() => inboxStore.getState().reset());

export function useInbox<T>(selector: (state: InboxState) => T): T {
  return useStore(inboxStore, selector);
}
