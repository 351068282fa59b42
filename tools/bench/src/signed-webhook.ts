import { randomUUID } from 'node:crypto';
import { metaSignature } from '../../fake-whatsapp';
import { buildMetaEnvelope } from '../../fake-whatsapp/meta-webhook-envelope';
import { META } from '../../e2e/support/test-channels';

/** A Meta webhook with one inbound text message, signed with the bench channel's app secret. */
export function signedInboundWebhook(from: string, text: string): { body: Buffer; signature: string } {
  const envelope = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: META.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: META.displayPhone.slice(1),
                phone_number_id: META.phoneNumberId,
              },
              contacts: [{ profile: { name: 'Bench' }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.bench.${randomUUID()}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  };
  const body = Buffer.from(JSON.stringify(envelope));
  return { body, signature: metaSignature(META.appSecret, body) };
}

/**
 * A Meta webhook with one status (`delivered`, `read`) of an outbound message, signed like the
 * inbound one, in the envelope the fake Meta sends its own statuses in: what most real webhook
 * traffic is (webhook-ingest --statuses).
 */
export function signedStatusWebhook(
  providerMessageId: string,
  status: 'delivered' | 'read',
  recipient: string,
): { body: Buffer; signature: string } {
  const phone = {
    phoneNumberId: META.phoneNumberId,
    displayPhoneNumber: META.displayPhone.slice(1),
    wabaId: META.wabaId,
  };
  const timestamp = String(Math.floor(Date.now() / 1000));
  const envelope = buildMetaEnvelope([
    { kind: 'status', phone, status: { id: providerMessageId, status, timestamp, recipient_id: recipient } },
  ]);
  const body = Buffer.from(JSON.stringify(envelope));
  return { body, signature: metaSignature(META.appSecret, body) };
}
