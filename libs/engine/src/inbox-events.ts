import type { ConnectionOptions } from 'bullmq';
import Redis, { type RedisOptions } from 'ioredis';
import { z } from 'zod';

/**
 * Live inbox updates: after the engine commits something a person watching the inbox should see (a
 * message came in, one was sent or failed, a status arrived, a run handed off or moved on), it
 * publishes a small notice on Redis pub/sub. Every API process subscribes for the tenants whose
 * people have an inbox open and passes the notice on (server-sent events); the browser then reads the
 * changed conversation through the REST API, so a notice carries ids only, never message bodies.
 *
 * The tenant id is part of the channel name, so a subscriber only ever receives its own tenant's
 * notices. Publishing happens after commit and is best-effort: a lost notice costs freshness, not
 * data (the inbox reloads what it shows on reconnect).
 */
export const inboxNoticeSchema = z.object({
  kind: z.enum(['message', 'status', 'conversation']),
  contactId: z.uuid(),
  /** Null when the publisher did not know it (a run's step): the whole list is refreshed. */
  conversationId: z.uuid().nullable(),
});
export type InboxNotice = z.infer<typeof inboxNoticeSchema>;

/** Publishes a notice after commit; never throws and never waits on the caller's path. */
export type InboxNotifier = (tenantId: string, notice: InboxNotice) => void;

export const INBOX_CHANNEL_PREFIX = 'leadline:inbox:';

export function inboxChannel(tenantId: string): string {
  return `${INBOX_CHANNEL_PREFIX}${tenantId}`;
}

/** One Redis connection that publishes notices; `notify` is the InboxNotifier to hand around. */
export class RedisInboxPublisher {
  private readonly redis: Redis;

  constructor(
    connection: ConnectionOptions,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    // Auto-pipelining: the notices of one ingest batch (published in one loop) leave in one socket
    // write, not one each.
    this.redis = new Redis({
      ...(connection as RedisOptions),
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined); // reported per publish below
  }

  readonly notify: InboxNotifier = (tenantId, notice) => {
    this.redis.publish(inboxChannel(tenantId), JSON.stringify(notice)).catch(this.onError);
  };

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

type Listener = (notice: InboxNotice) => void;

/**
 * One subscriber connection per process, shared by every open stream: a tenant's channel is
 * subscribed while at least one of its streams listens, and unsubscribed when the last one leaves.
 */
export class RedisInboxSubscriber {
  private readonly redis: Redis;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(connection: ConnectionOptions) {
    this.redis = new Redis({
      ...(connection as RedisOptions),
      lazyConnect: false,
      maxRetriesPerRequest: null,
    });
    this.redis.on('error', () => undefined); // ioredis reconnects and re-subscribes by itself
    this.redis.on('message', (channel: string, text: string) => this.dispatch(channel, text));
  }

  /** Calls `listener` with the tenant's notices until the returned function is called. */
  async subscribe(tenantId: string, listener: Listener): Promise<() => void> {
    const channel = inboxChannel(tenantId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.redis.subscribe(channel);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        this.redis.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  private dispatch(channel: string, text: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    let notice: InboxNotice;
    try {
      notice = inboxNoticeSchema.parse(JSON.parse(text));
    } catch {
      return; // not ours: ignore rather than pass on
    }
    for (const listener of set) listener(notice);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
