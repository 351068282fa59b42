import { withTenant } from '@leadline/database';
import { testRedisConnection } from '@leadline/testing';
import type { OutboundMessage } from '@leadline/flow-core';
import { MetaCloudProvider } from '@leadline/whatsapp';
import { DEFAULT_META_PHONE, FakeMetaGraph } from '../../../tools/fake-whatsapp';
import { EmbeddedEngine, RedisRecipientPacer } from '../src';
import { waitFor } from './support/engine-harness';
import { createSoakWorld, deleteQueueKeys, type SoakWorld } from './support/soak-world';

/** WhatsApp's pair rate scaled down so the test takes seconds: a burst of 3, then one per second. */
const META_PAIR = { burst: 3, intervalMs: 1_000 };
/**
 * The engine keeps a margin over Meta's interval, as its default does (6.5 s over 6 s): the time
 * between our bucket's grant and the fake's receipt varies, by hundreds of milliseconds on a busy
 * test machine, so the margin here is generous.
 */
const ENGINE_PAIR = { burst: 3, intervalMs: 1_500 };

describe('per-recipient pacing (WhatsApp pair rate), shared by every worker through Redis', () => {
  let world: SoakWorld;
  let fake: FakeMetaGraph;
  const engines: EmbeddedEngine[] = [];

  beforeAll(async () => {
    world = await createSoakWorld({ flows: [] });
    fake = new FakeMetaGraph({ pairLimit: META_PAIR, autoStatuses: [] });
    await fake.start();
    // The send path paces Meta and Twilio channels only (the sandbox has no pair rate).
    await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.channel.update({ where: { id: world.channelId }, data: { provider: 'meta' } }),
    );
  });

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.stop()));
    await fake?.stop();
    if (world) await deleteQueueKeys(world);
    await world?.drop();
  });

  function newEngine(): EmbeddedEngine {
    const provider = new MetaCloudProvider({
      graphUrl: fake.url,
      phoneNumberId: DEFAULT_META_PHONE.id,
      wabaId: DEFAULT_META_PHONE.wabaId,
      accessToken: DEFAULT_META_PHONE.tokens[0],
    });
    const engine = new EmbeddedEngine({
      prisma: world.prisma,
      redis: world.redis,
      providers: () => provider,
      queuePrefix: world.queuePrefix,
      pairLimit: ENGINE_PAIR,
      sweepIntervalMs: 60_000,
      channelPollMs: 250,
    });
    engines.push(engine);
    return engine;
  }

  async function queuedMessages(phone: string, texts: string[]): Promise<string[]> {
    return withTenant(world.prisma, world.tenantId, async (tx) => {
      const contact = await tx.contact.create({ data: { tenantId: world.tenantId, phone } });
      const conversation = await tx.conversation.create({
        data: { tenantId: world.tenantId, contactId: contact.id, channelId: world.channelId },
      });
      const ids: string[] = [];
      for (const [i, text] of texts.entries()) {
        const message = await tx.message.create({
          data: {
            tenantId: world.tenantId,
            conversationId: conversation.id,
            contactId: contact.id,
            channelId: world.channelId,
            direction: 'out',
            type: 'text',
            body: { type: 'text', text } satisfies OutboundMessage,
            status: 'queued',
            idempotencyKey: `pacing-${phone}-${i}`,
          },
        });
        ids.push(message.id);
      }
      return ids;
    });
  }

  it('grants a recipient its burst, then one send per interval, across pacer instances', async () => {
    const connection = testRedisConnection();
    const prefix = `${world.queuePrefix}-pacer`;
    const a = new RedisRecipientPacer(connection, prefix, { burst: 3, intervalMs: 400 });
    const b = new RedisRecipientPacer(connection, prefix, { burst: 3, intervalMs: 400 });
    try {
      const waits = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take('channel-1', '+351910000001')),
      );
      expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
      for (const wait of waits.filter((w) => w > 0)) {
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(400);
      }
      // Other recipients, and the same recipient on another number, have their own allowance.
      expect(await a.take('channel-1', '+351910000002')).toBe(0);
      expect(await b.take('channel-2', '+351910000001')).toBe(0);
      const wait = await a.take('channel-1', '+351910000001');
      await new Promise((resolve) => setTimeout(resolve, wait + 20));
      expect(await b.take('channel-1', '+351910000001')).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('paces sends so the fake Meta never answers 131056, keeping each job in order, with two workers', async () => {
    const first = newEngine();
    const second = newEngine();
    await Promise.all([first.start(), second.start()]);
    const ana = '+351915000001';
    const bruno = '+351915000002';
    fake.openWindow(ana);
    fake.openWindow(bruno);
    const anaTexts = Array.from({ length: 6 }, (_, i) => `for Ana ${i + 1}`);
    const brunoTexts = Array.from({ length: 6 }, (_, i) => `for Bruno ${i + 1}`);
    const anaIds = await queuedMessages(ana, anaTexts);
    const brunoIds = await queuedMessages(bruno, brunoTexts);
    // Ana's messages are one transition's job (sent in order); Bruno's are three jobs that the two
    // workers take at the same time, so only the shared bucket keeps them within the pair rate.
    await first.queue.add({
      queue: 'send',
      id: 'pacing-ana',
      data: { tenantId: world.tenantId, channelId: world.channelId, messageIds: anaIds },
    });
    for (const [i, pair] of [brunoIds.slice(0, 2), brunoIds.slice(2, 4), brunoIds.slice(4)].entries()) {
      await second.queue.add({
        queue: 'send',
        id: `pacing-bruno-${i}`,
        data: { tenantId: world.tenantId, channelId: world.channelId, messageIds: pair },
      });
    }

    const received = (phone: string) => fake.received(phone.slice(1));
    await waitFor(
      'every message at the fake',
      () => (received(ana).length === 6 && received(bruno).length === 6) || undefined,
      20_000,
    );

    expect(fake.rejections()[131056]).toBeUndefined();
    const text = (body: unknown) => (body as { text: { body: string } }).text.body;
    expect(received(ana).map((m) => text(m.body))).toEqual(anaTexts);
    expect(new Set(received(bruno).map((m) => text(m.body)))).toEqual(new Set(brunoTexts));
    for (const phone of [ana, bruno]) {
      const at = received(phone).map((m) => m.at);
      // Three at once, then one per interval.
      expect(at[5] - at[0]).toBeGreaterThanOrEqual(3 * META_PAIR.intervalMs);
    }
    // The two recipients did not wait for each other: Bruno's burst went out before Ana's last.
    expect(received(bruno)[2].at).toBeLessThan(received(ana)[5].at);
    // The fake has every message; each row is marked sent once its worker records the answer.
    const statuses = () =>
      withTenant(world.prisma, world.tenantId, (tx) =>
        tx.message.findMany({ where: { id: { in: [...anaIds, ...brunoIds] } }, select: { status: true } }),
      ).then((rows) => rows.map((row) => row.status));
    await waitFor(
      'every row marked sent',
      async () => ((await statuses()).every((status) => status === 'sent') ? true : undefined),
      10_000,
    ).catch(() => undefined);
    const rows = await statuses();
    expect(rows).toEqual(rows.map(() => 'sent'));
  }, 40_000);
});
