import { withTenant } from '@leadline/database';
import { MetaCloudProvider, type MessageEvent } from '@leadline/whatsapp';
import { DEFAULT_META_PHONE, FakeMetaGraph } from '../../../tools/fake-whatsapp';
import { EmbeddedEngine, EngineClient, systemClock } from '../src';
import { waitFor } from './support/engine-harness';
import { REDIS_DB_1 } from './support/redis-db-1';
import { createSoakWorld, deleteQueueKeys, type SoakWorld } from './support/soak-world';
import { surveyFlow } from './support/test-flows';

describe('mark-as-read: a contact message is marked read when the bot answers it', () => {
  let world: SoakWorld;
  let fake: FakeMetaGraph;
  let engine: EmbeddedEngine;
  let client: EngineClient;

  beforeAll(async () => {
    world = await createSoakWorld({ flows: [surveyFlow(60)], redisDb: REDIS_DB_1 });
    fake = new FakeMetaGraph({ autoStatuses: [] });
    await fake.start();
    await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.channel.update({ where: { id: world.channelId }, data: { provider: 'meta' } }),
    );
    const provider = new MetaCloudProvider({
      graphUrl: fake.url,
      phoneNumberId: DEFAULT_META_PHONE.id,
      wabaId: DEFAULT_META_PHONE.wabaId,
      accessToken: DEFAULT_META_PHONE.tokens[0],
    });
    engine = new EmbeddedEngine({
      prisma: world.prisma,
      redis: world.redis,
      providers: () => provider,
      queuePrefix: world.queuePrefix,
      sweepIntervalMs: 500,
      channelPollMs: 250,
    });
    await engine.start();
    client = new EngineClient(world.prisma, engine.queue, systemClock);
  });

  afterAll(async () => {
    await engine?.stop();
    await fake?.stop();
    if (world) await deleteQueueKeys(world);
    await world?.drop();
  });

  /** The user writes at the fake (which opens their window) and the webhook layer hands it over. */
  async function userWrites(phone: string, text: string): Promise<string> {
    const { wamid } = fake.userSends({ from: phone, text });
    const event: MessageEvent = {
      kind: 'message',
      channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Rita' },
      message: { type: 'text', text, providerMessageId: wamid, at: new Date().toISOString() },
    };
    await client.ingest(event);
    return wamid;
  }

  const readIds = () => fake.readReceipts().map((receipt) => receipt.messageId);

  async function inboundReadAt(wamid: string): Promise<Date | null> {
    const row = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findFirstOrThrow({ where: { providerMessageId: wamid }, select: { readAt: true } }),
    );
    return row.readAt;
  }

  it('marks the answered message read at Meta and records when', async () => {
    const phone = '+351916000001';
    const first = await userWrites(phone, 'survey please');
    await waitFor(
      'the greeting and first question',
      () => fake.received(phone.slice(1)).length >= 2 || undefined,
    );
    await waitFor('the read receipt', () => readIds().includes(first) || undefined);
    // Recorded right after Meta's answer.
    await waitFor('read_at on the message', async () => (await inboundReadAt(first)) ?? undefined);

    const second = await userWrites(phone, 'Rita Silva');
    await waitFor('the thanks', () => fake.received(phone.slice(1)).length >= 3 || undefined);
    await waitFor('the second read receipt', () => readIds().includes(second) || undefined);
    // One receipt per answered message: the bot's second message of a step does not mark again.
    expect(readIds().filter((id) => id === first)).toHaveLength(1);
  });

  it('leaves messages unread when the workspace turned read receipts off', async () => {
    await world.prisma.tenant.update({
      where: { id: world.tenantId },
      data: { settings: { markAsRead: false } },
    });
    const phone = '+351916000002';
    const wamid = await userWrites(phone, 'survey please');
    await waitFor(
      'the greeting and first question',
      () => fake.received(phone.slice(1)).length >= 2 || undefined,
    );
    // The sends are recorded before any read receipt would be attempted; give it a moment anyway.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(readIds()).not.toContain(wamid);
    expect(await inboundReadAt(wamid)).toBeNull();
  });
});
