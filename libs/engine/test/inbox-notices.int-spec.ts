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
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    };
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
      const deadline = Date.now() + 5_000;
      while (!heard.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).toEqual([good]);
    } finally {
      raw.disconnect();
      await subscriber.close();
    }
  });
});
