import { withTenant } from '@leadline/database';
import type { OutboundMessage } from '@leadline/flow-core';
import { RetryLaterError, sendMessages, systemClock, type SendDeps } from '../src';
import { RecordingProvider } from './support/recording-provider';
import { createSoakWorld, type SoakWorld } from './support/soak-world';

/** A provider that takes a while to answer, like Meta under load. */
class SlowProvider extends RecordingProvider {
  override async send(...args: Parameters<RecordingProvider['send']>) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return super.send(...args);
  }
}

// BullMQ runs a job again when its lock expires while the first worker still works on it (an event
// loop blocked for longer than the lock, a Redis pause). Both runs then try to send the same messages.
describe('one message sent by two runs of its job at the same time', () => {
  let world: SoakWorld;

  beforeAll(async () => {
    world = await createSoakWorld({ flows: [] });
  });

  afterAll(async () => {
    await world?.drop();
  });

  async function queuedMessage(phone: string, text: string): Promise<string> {
    return withTenant(world.prisma, world.tenantId, async (tx) => {
      const contact = await tx.contact.create({ data: { tenantId: world.tenantId, phone } });
      const conversation = await tx.conversation.create({
        data: { tenantId: world.tenantId, contactId: contact.id, channelId: world.channelId },
      });
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
          idempotencyKey: `claim-test-${phone}`,
        },
      });
      return message.id;
    });
  }

  it('reaches the provider once; the other run backs off to reconcile', async () => {
    const provider = new SlowProvider();
    const deps: SendDeps = {
      prisma: world.prisma,
      providers: () => provider,
      clock: systemClock,
      wake: async () => undefined,
    };
    const phones = Array.from({ length: 40 }, (_, i) => `+35191200${String(i).padStart(4, '0')}`);
    const ids = await Promise.all(phones.map((phone, i) => queuedMessage(phone, `message ${i}`)));
    const runs = await Promise.allSettled(
      ids.flatMap((id) => [
        sendMessages(deps, { tenantId: world.tenantId, messageIds: [id] }, 0),
        sendMessages(deps, { tenantId: world.tenantId, messageIds: [id] }, 0),
      ]),
    );

    expect(phones.map((phone) => provider.sentTo(phone).length)).toEqual(phones.map(() => 1));
    expect(provider.total).toBe(40);
    const unexpected = runs.filter((r) => r.status === 'rejected' && !(r.reason instanceof RetryLaterError));
    expect(unexpected).toEqual([]);
    const statuses = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findMany({ where: { id: { in: ids } }, select: { status: true } }),
    );
    expect(statuses.every((row) => row.status === 'sent')).toBe(true);
  });
});
