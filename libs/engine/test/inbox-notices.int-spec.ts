import { randomUUID } from 'node:crypto';
import { testRedisUrl } from '@leadline/testing';
import Redis from 'ioredis';
import {
  bullConnection,
  inboxChannel,
  RedisInboxPublisher,
  RedisInboxSubscriber,
  type InboxNotice,
} from '../src';

const REDIS = bullConnection(testRedisUrl());

/** Waits (up to 5 s) until `done` holds: pub/sub delivers in its own time. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A raw subscriber to a new tenant's channel: what it hears, each message parsed. */
async function listen(): Promise<{ tenant: string; raw: Redis; published: unknown[] }> {
  const raw = new Redis(testRedisUrl());
  const tenant = randomUUID();
  const published: unknown[] = [];
  raw.on('message', (_channel: string, text: string) => published.push(JSON.parse(text)));
  await raw.subscribe(inboxChannel(tenant));
  return { tenant, raw, published };
}

/**
 * Inbox notices coalesced per tenant and tick (issue 21, eighth round): an ingest batch notified
 * once per webhook, one PUBLISH each; a reply's `sent` and `delivered` in one batch named the same
 * conversation twice. Counted on a raw subscriber: the PUBLISHes that reach Redis.
 */
describe('inbox notices: one PUBLISH per tenant and tick', () => {
  it("publishes each tenant's distinct notices of a tick once, in order, and subscribers get each notice", async () => {
    const publisher = new RedisInboxPublisher(REDIS);
    const subscriber = new RedisInboxSubscriber(REDIS);
    const raw = new Redis(testRedisUrl());
    const [a, b] = [randomUUID(), randomUUID()];
    const published: Array<{ channel: string; message: unknown }> = [];
    const heardA: InboxNotice[] = [];
    const heardB: InboxNotice[] = [];
    const notice = (kind: InboxNotice['kind']): InboxNotice => ({
      kind,
      contactId: randomUUID(),
      conversationId: randomUUID(),
    });
    try {
      raw.on('message', (channel: string, message: string) =>
        published.push({ channel, message: JSON.parse(message) }),
      );
      await raw.subscribe(inboxChannel(a), inboxChannel(b));
      await subscriber.subscribe(a, (heard) => heardA.push(heard));
      await subscriber.subscribe(b, (heard) => heardB.push(heard));

      // One tick, as an ingest batch's outcomes: five notices of A (a status twice, a message twice),
      // one of B.
      const [message1, status, message2] = [notice('message'), notice('status'), notice('message')];
      const forB = notice('conversation');
      for (const each of [message1, status, status, message2, message1]) publisher.notify(a, each);
      publisher.notify(b, forB);
      await until(() => heardA.length >= 3 && heardB.length >= 1);
      expect(published).toEqual([
        { channel: inboxChannel(a), message: [message1, status, message2] },
        // A lone notice is sent as before: the object itself.
        { channel: inboxChannel(b), message: forB },
      ]);
      expect(heardA).toEqual([message1, status, message2]);
      expect(heardB).toEqual([forB]);

      // The next tick publishes again: nothing is held past the tick that notified.
      await new Promise((resolve) => setImmediate(resolve));
      publisher.notify(a, status);
      await until(() => heardA.length >= 4);
      expect(published).toHaveLength(3);
      expect(heardA.at(-1)).toEqual(status);
    } finally {
      raw.disconnect();
      await publisher.close();
      await subscriber.close();
    }
  });

  it("keeps a list's good notices when one element is not a notice", async () => {
    const subscriber = new RedisInboxSubscriber(REDIS);
    const raw = new Redis(testRedisUrl());
    const tenant = randomUUID();
    const heard: InboxNotice[] = [];
    try {
      await subscriber.subscribe(tenant, (notice) => heard.push(notice));
      const first: InboxNotice = { kind: 'message', contactId: randomUUID(), conversationId: randomUUID() };
      const last: InboxNotice = { kind: 'status', contactId: randomUUID(), conversationId: null };
      // The middle one lacks its conversation (undefined is dropped by JSON; the schema wants null).
      const broken = { kind: 'status', contactId: randomUUID() };
      await raw.publish(inboxChannel(tenant), JSON.stringify([first, broken, last]));
      await until(() => heard.length >= 2);
      expect(heard).toEqual([first, last]);
    } finally {
      raw.disconnect();
      await subscriber.close();
    }
  });

  it("publishes a step's notices of one turn, microtasks apart, in one PUBLISH (tenth round)", async () => {
    const publisher = new RedisInboxPublisher(REDIS);
    const { tenant, raw, published } = await listen();
    const contactId = randomUUID();
    const message: InboxNotice = { kind: 'message', contactId, conversationId: randomUUID() };
    const conversation: InboxNotice = { kind: 'conversation', contactId, conversationId: null };
    try {
      // As a step: the reply's notice as its inline send ends, the step's a few awaits later.
      publisher.notify(tenant, message);
      for (let i = 0; i < 5; i += 1) await Promise.resolve();
      publisher.notify(tenant, conversation);
      await until(() => published.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // One PUBLISH carrying both (two, one each, when the tick was the microtask).
      expect(published).toEqual([[message, conversation]]);
    } finally {
      raw.disconnect();
      await publisher.close();
    }
  });

  it("writes the turn's PUBLISHes in that turn, not one turn of the loop later", async () => {
    const publisher = new RedisInboxPublisher(REDIS);
    const { tenant, raw, published } = await listen();
    const notice: InboxNotice = { kind: 'status', contactId: randomUUID(), conversationId: null };
    try {
      publisher.notify(tenant, notice); // connects the publisher
      await until(() => published.length > 0);
      const socket = (publisher as unknown as { redis: Redis }).redis.stream;
      const write = jest.spyOn(socket, 'write');
      publisher.notify(tenant, notice);
      // A callback queued after the publisher's runs in the same turn, right after it.
      await new Promise((resolve) => setImmediate(resolve));
      expect(write).toHaveBeenCalled();
      await until(() => published.length > 1);
      expect(published).toEqual([notice, notice]);
    } finally {
      raw.disconnect();
      await publisher.close();
    }
  });

  it('sends a turn of one tenant as a plain PUBLISH, several tenants in one pipeline (eleventh round)', async () => {
    const publisher = new RedisInboxPublisher(REDIS);
    const first = await listen();
    const second = await listen();
    const redis = (publisher as unknown as { redis: Redis }).redis;
    const pipelines = jest.spyOn(redis, 'pipeline');
    const notice: InboxNotice = { kind: 'status', contactId: randomUUID(), conversationId: null };
    try {
      publisher.notify(first.tenant, notice);
      await until(() => first.published.length > 0);
      expect(pipelines).not.toHaveBeenCalled();
      publisher.notify(first.tenant, notice);
      publisher.notify(second.tenant, notice);
      await until(() => first.published.length > 1 && second.published.length > 0);
      expect(pipelines).toHaveBeenCalledTimes(1);
      expect([first.published, second.published]).toEqual([[notice, notice], [notice]]);
    } finally {
      first.raw.disconnect();
      second.raw.disconnect();
      await publisher.close();
    }
  });

  it('publishes the next tick although a publish of the previous one threw', async () => {
    const errors: unknown[] = [];
    const publisher = new RedisInboxPublisher(REDIS, (error) => errors.push(error));
    const { tenant, raw, published } = await listen();
    const notice: InboxNotice = { kind: 'status', contactId: randomUUID(), conversationId: null };
    try {
      // A notice that cannot be serialised (a BigInt) makes its tick's publish throw.
      publisher.notify(tenant, { ...notice, contactId: 1n as unknown as string });
      await new Promise((resolve) => setImmediate(resolve));
      publisher.notify(tenant, notice);
      await until(() => published.length > 0);
      expect(published).toEqual([notice]);
      expect(errors).toHaveLength(1);
    } finally {
      raw.disconnect();
      await publisher.close();
    }
  });

  it('ignores a message that is neither a notice nor a list of them', async () => {
    const subscriber = new RedisInboxSubscriber(REDIS);
    const raw = new Redis(testRedisUrl());
    const tenant = randomUUID();
    const heard: InboxNotice[] = [];
    try {
      await subscriber.subscribe(tenant, (notice) => heard.push(notice));
      const good: InboxNotice = { kind: 'status', contactId: randomUUID(), conversationId: null };
      for (const message of ['[]', '[{"kind":"nope"}]', '{}', 'not json', JSON.stringify([good])])
        await raw.publish(inboxChannel(tenant), message);
      await until(() => heard.length > 0);
      expect(heard).toEqual([good]);
    } finally {
      raw.disconnect();
      await subscriber.close();
    }
  });
});
