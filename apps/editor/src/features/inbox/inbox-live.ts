import { useEffect } from 'react';
import { inbox, inboxStore } from './inbox.store';

const RETRY_MS = 2_000;

/**
 * Keeps the inbox live while it is on screen: a server-sent event stream (GET /api/inbox/events),
 * opened with a one-minute stream token because EventSource cannot send the Authorization header.
 * Each `inbox` event names a changed conversation; the store reloads what is shown. When the stream
 * drops (a restart, the server's 10-minute limit, the network), it reconnects with a new token and
 * reloads once, so nothing that happened meanwhile is missed.
 */
export function useInboxLive(): void {
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const changedIds = new Set<string | null>();

    // Several events in a burst (a message, then its status) cause one reload, not one each.
    const flush = () => {
      pending = undefined;
      const ids = [...changedIds];
      changedIds.clear();
      const store = inboxStore.getState();
      const open = store.detail.id;
      store.changed(ids.includes(null) ? null : open && ids.includes(open) ? open : (ids[0] ?? null));
    };

    const connect = async () => {
      if (stopped) return;
      inboxStore.getState().setLive('connecting');
      let token: string;
      try {
        ({ token } = await inbox.streamToken());
      } catch {
        inboxStore.getState().setLive('off');
        retry = setTimeout(() => void connect(), RETRY_MS * 2);
        return;
      }
      if (stopped) return;
      source = new EventSource(`/api/inbox/events?token=${encodeURIComponent(token)}`);
      source.addEventListener('ready', () => {
        inboxStore.getState().setLive('live');
        inboxStore.getState().changed(null);
      });
      source.addEventListener('inbox', (event) => {
        let conversationId: string | null = null;
        try {
          conversationId = (
            JSON.parse((event as MessageEvent<string>).data) as { conversationId: string | null }
          ).conversationId;
        } catch {
          conversationId = null;
        }
        changedIds.add(conversationId);
        pending ??= setTimeout(flush, 80);
      });
      source.onerror = () => {
        source?.close();
        source = null;
        if (stopped) return;
        inboxStore.getState().setLive('off');
        retry = setTimeout(() => void connect(), RETRY_MS);
      };
    };

    void connect();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(retry);
      clearTimeout(pending);
    };
  }, []);
}
