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

/**
 * What one PUBLISH carries: a notice, or (several in one tick) the list of them. Each element is
 * checked on its own, so one that is not a notice costs only itself, not its tick's others.
 */
function noticesOf(text: string): InboxNotice[] {
  const parsed: unknown = JSON.parse(text);
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((element: unknown) => {
    const notice = inboxNoticeSchema.safeParse(element);
    return notice.success ? [notice.data] : [];
  });
}

/**
 * One Redis connection that publishes notices; `notify` is the InboxNotifier to hand around.
 *
 * Notices are coalesced per tenant within a tick (issue 21, eighth round): an ingest batch notifies
 * once per webhook in one loop, and a reply's `sent` and `delivered` in one batch name the same
 * conversation. So `notify` only queues; each tenant's distinct notices leave in ONE PUBLISH (a
 * single notice as before, several as a JSON array), in the order first notified. The webhook-ingest
 * bench made one PUBLISH per webhook, now one per batch.
 *
 * Issue 21, tenth round: the tick is the turn of the event loop (`setImmediate`), no longer the
 * microtask. A step's two notices, the reply's `message` at the end of its inline send and the
 * step's `conversation` right after (EmbeddedEngine's after-commit callback), come a few microtasks
 * apart in one turn: they were two PUBLISHes, one step at a time, and are now one. The turn's
 * PUBLISHes leave in an explicit pipeline, written at once: issued on the auto-pipelined connection
 * from inside the `setImmediate` callback, they waited for the automatic pipeline's own
 * `setImmediate`, one more turn of the loop (review of the tenth round). The pipeline copies this
 * connection's scripts, and it has none (not BullMQ's: its own connection). A notice stays
 * best-effort (a lost one costs freshness only).
 *
 * Issue 21, eleventh round: a turn that notified one tenant (nearly every turn: an ingest batch at a
 * conversation's pace, a step) sends its PUBLISH as a plain command, written at once, without a
 * pipeline: building and executing a one-command `Pipeline` cost about twice the command itself
 * (~40 against ~20 µs of CPU a PUBLISH, measured on this connection). The connection is no longer
 * auto-pipelined (it would hold a plain command until its own `setImmediate`): the coalescing per
 * turn above is what batches the notices, and several tenants' PUBLISHes still leave in one pipeline.
 */
export class RedisInboxPublisher {
  private readonly redis: Redis;
  /** Per tenant, this tick's distinct notices by key (insertion order kept). */
  private readonly queued = new Map<string, Map<string, InboxNotice>>();

  constructor(
    connection: ConnectionOptions,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    // Not auto-pipelined: publishQueued writes a turn's PUBLISHes itself, in that turn.
    this.redis = new Redis({
      ...(connection as RedisOptions),
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: false,
    });
    this.redis.on('error', () => undefined); // reported per publish below
  }

  readonly notify: InboxNotifier = (tenantId, notice) => {
    if (!this.queued.size) setImmediate(() => this.publishQueued());
    let notices = this.queued.get(tenantId);
    if (!notices) {
      notices = new Map();
      this.queued.set(tenantId, notices);
    }
    notices.set(`${notice.kind}/${notice.contactId}/${notice.conversationId ?? ''}`, notice);
  };

  private publishQueued(): void {
    // Taken out before anything can throw: a tick that failed half-way must not leave `queued`
    // non-empty, or `notify` would never schedule another publish and every later notice would wait.
    const ticks = [...this.queued];
    this.queued.clear();
    const messages: Array<[channel: string, message: string]> = [];
    for (const [tenantId, byKey] of ticks) {
      try {
        const notices = [...byKey.values()];
        messages.push([inboxChannel(tenantId), JSON.stringify(notices.length === 1 ? notices[0] : notices)]);
      } catch (error) {
        this.onError(error);
      }
    }
    if (messages.length === 1) {
      this.redis.publish(...messages[0]).catch(this.onError);
      return;
    }
    if (!messages.length) return;
    const pipeline = this.redis.pipeline();
    for (const [channel, message] of messages) pipeline.publish(channel, message);
    pipeline
      .exec()
      .then((results) => results?.forEach(([error]) => error && this.onError(error)))
      .catch(this.onError);
  }

  async close(): Promise<void> {
    this.publishQueued(); // what this tick queued still leaves, before QUIT
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
    let notices: InboxNotice[];
    try {
      notices = noticesOf(text);
    } catch {
      return; // not JSON: not ours, ignore rather than pass on
    }
    for (const notice of notices) for (const listener of set) listener(notice);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
