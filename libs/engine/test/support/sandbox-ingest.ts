import { withTenant, type PrismaClient } from '@leadline/database';
import type { ChannelEvent } from '@leadline/whatsapp';

/** A tenant with one active sandbox channel, for the ingest tests that count what a batch writes. */
export async function sandboxTenant(
  prisma: PrismaClient,
  slug: string,
  phoneNumberId: string,
  displayPhone: string,
): Promise<{ tenantId: string; channelId: string }> {
  const tenant = await prisma.tenant.create({ data: { slug, name: slug } });
  const channel = await withTenant(prisma, tenant.id, (tx) =>
    tx.channel.create({
      data: { tenantId: tenant.id, provider: 'sandbox', phoneNumberId, displayPhone, status: 'active' },
    }),
  );
  return { tenantId: tenant.id, channelId: channel.id };
}

/** An inbound text message from `phone` (a contact named Ana) on the sandbox channel `phoneNumberId`. */
export function inboundText(phoneNumberId: string, phone: string, id: string): ChannelEvent {
  return {
    kind: 'message',
    channel: { provider: 'sandbox', phoneNumberId },
    contact: { waId: phone.slice(1), phone, name: 'Ana' },
    message: { type: 'text', text: `hello ${id}`, providerMessageId: id, at: new Date().toISOString() },
  };
}
