import { ingestChannelEvent } from '../../src/ingest-channel-event';
import type { ContactRef } from '../../src/wake';
import type { MetaEngineWorld } from './meta-engine-world';

/**
 * The contact at `to` asks for the bench's reminder (timerFlow's keyword): its message ingested as
 * the API does, not yet woken (the caller wakes a batch of them at once).
 */
export async function askForReminder(world: MetaEngineWorld, to: string, name: string): Promise<ContactRef> {
  const { wamid } = world.fake.userSends({ from: to, text: 'remindme please' });
  const accepted = await ingestChannelEvent(world.prisma, {
    kind: 'message',
    channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
    contact: { waId: to.slice(1), phone: to, name },
    message: {
      type: 'text',
      text: 'remindme please',
      providerMessageId: wamid,
      at: new Date().toISOString(),
    },
  });
  if (accepted.outcome !== 'accepted') throw new Error(`message not accepted: ${accepted.outcome}`);
  return { tenantId: accepted.tenantId, contactId: accepted.contactId };
}
