import { withTenant } from '@leadline/database';
import { forgetTenantSettings } from '../src';
import { waitFor } from './support/engine-harness';
import { startMetaEngineWorld, userWritesAtMeta, type MetaEngineWorld } from './support/meta-engine-world';
import { surveyFlow } from './support/test-flows';

describe('mark-as-read: a contact message is marked read when the bot answers it', () => {
  let world: MetaEngineWorld;

  beforeAll(async () => {
    world = await startMetaEngineWorld({ flows: [surveyFlow(60)] });
  });

  afterAll(async () => {
    await world?.stop();
  });

  const readIds = () => world.fake.readReceipts().map((receipt) => receipt.messageId);

  async function inboundReadAt(wamid: string): Promise<Date | null> {
    const row = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findFirstOrThrow({ where: { providerMessageId: wamid }, select: { readAt: true } }),
    );
    return row.readAt;
  }

  it('marks the answered message read at Meta and records when', async () => {
    const phone = '+351916000001';
    const first = await userWritesAtMeta(world, phone, 'survey please');
    await waitFor(
      'the greeting and first question',
      () => world.fake.received(phone.slice(1)).length >= 2 || undefined,
    );
    await waitFor('the read receipt', () => readIds().includes(first) || undefined);
    // Recorded right after Meta's answer.
    await waitFor('read_at on the message', async () => (await inboundReadAt(first)) ?? undefined);

    const second = await userWritesAtMeta(world, phone, 'Rita Silva');
    await waitFor('the thanks', () => world.fake.received(phone.slice(1)).length >= 3 || undefined);
    await waitFor('the second read receipt', () => readIds().includes(second) || undefined);
    // One receipt per answered message: the bot's second message of a step does not mark again.
    expect(readIds().filter((id) => id === first)).toHaveLength(1);
  });

  it('leaves messages unread when the workspace turned read receipts off', async () => {
    await world.prisma.tenant.update({
      where: { id: world.tenantId },
      data: { settings: { markAsRead: false } },
    });
    // What a process that changes the settings does (the engine caches them, see lookup-cache.ts).
    forgetTenantSettings(world.tenantId);
    const phone = '+351916000002';
    const wamid = await userWritesAtMeta(world, phone, 'survey please');
    await waitFor(
      'the greeting and first question',
      () => world.fake.received(phone.slice(1)).length >= 2 || undefined,
    );
    // The sends are recorded before any read receipt would be attempted; give it a moment anyway.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(readIds()).not.toContain(wamid);
    expect(await inboundReadAt(wamid)).toBeNull();
  });
});
