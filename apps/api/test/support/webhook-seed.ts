// Two workspaces, each with its own Meta channel (its own app secret) and Twilio channel (its own
// account), as `leadline channel add` leaves them: for the webhook tenancy tests.
import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { withTenant, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { signMetaPayload } from '@leadline/whatsapp';

export interface WebhookWorkspace {
  tenantId: string;
  meta: { channelId: string; phoneNumberId: string; wabaId: string; appSecret: string };
  twilio: { channelId: string; number: string; accountSid: string; authToken: string };
  /** A contact who is opted in, with one outbound message (status `sent`) on each channel. */
  contact: { id: string; phone: string; waId: string };
  metaOutboundWamid: string;
  twilioOutboundSid: string;
}

/** `digit` makes each workspace's numbers and ids distinct (1 → A, 2 → B, ...). */
export async function seedWebhookWorkspace(
  prisma: PrismaClient,
  encryptionKey: string,
  digit: number,
): Promise<WebhookWorkspace> {
  const box = createSecretBoxFromBase64Keys({ current: encryptionKey });
  const slug = `wh-${randomUUID().slice(0, 8)}`;
  const tenant = await prisma.tenant.create({ data: { slug, name: slug } });
  const meta = {
    phoneNumberId: `10000000000000${digit}`,
    wabaId: `20000000000000${digit}`,
    appSecret: `app-secret-of-workspace-${digit}`,
  };
  const tw = {
    number: `+1555000000${digit}`,
    accountSid: `AC${String(digit).repeat(32)}`,
    authToken: `auth-token-of-workspace-${digit}`,
  };
  const waId = `4477009000${digit}${digit}`;
  const metaOutboundWamid = `wamid.OUT-${digit}`;
  const twilioOutboundSid = `SM${String(digit).repeat(32)}`;
  return withTenant(prisma, tenant.id, async (tx) => {
    const metaChannel = await tx.channel.create({
      data: {
        tenantId: tenant.id,
        provider: 'meta',
        phoneNumberId: meta.phoneNumberId,
        wabaId: meta.wabaId,
        displayPhone: `+1555100000${digit}`,
        status: 'active',
        encryptedCredentials: new Uint8Array(
          box.seal({ accessToken: `token-${digit}`, appSecret: meta.appSecret }),
        ),
      },
    });
    const twilioChannel = await tx.channel.create({
      data: {
        tenantId: tenant.id,
        provider: 'twilio',
        phoneNumberId: tw.number,
        displayPhone: tw.number,
        status: 'active',
        encryptedCredentials: new Uint8Array(
          box.seal({ accountSid: tw.accountSid, authToken: tw.authToken, from: `whatsapp:${tw.number}` }),
        ),
      },
    });
    await tx.template.create({
      data: {
        tenantId: tenant.id,
        channelId: metaChannel.id,
        name: 'order_update',
        language: 'en',
        category: 'utility',
        status: 'approved',
      },
    });
    const contact = await tx.contact.create({
      data: { tenantId: tenant.id, phone: `+${waId}`, optInState: 'opted_in', optedInAt: new Date() },
    });
    for (const [channelId, providerMessageId] of [
      [metaChannel.id, metaOutboundWamid],
      [twilioChannel.id, twilioOutboundSid],
    ]) {
      const conversation = await tx.conversation.create({
        data: { tenantId: tenant.id, contactId: contact.id, channelId },
      });
      await tx.message.create({
        data: {
          tenantId: tenant.id,
          conversationId: conversation.id,
          contactId: contact.id,
          channelId,
          direction: 'out',
          type: 'text',
          body: { type: 'text', text: 'Your order shipped' },
          providerMessageId,
          status: 'sent',
          sentAt: new Date(),
        },
      });
    }
    return {
      tenantId: tenant.id,
      meta: { channelId: metaChannel.id, ...meta },
      twilio: { channelId: twilioChannel.id, ...tw },
      contact: { id: contact.id, phone: contact.phone, waId },
      metaOutboundWamid,
      twilioOutboundSid,
    };
  });
}

const unixNow = () => String(Math.floor(Date.now() / 1000));

/** A `messages` change to `phoneNumberId` carrying one text message. */
export function metaTextChange(phoneNumberId: string, from: string, wamid: string, text: string) {
  return {
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15551000000', phone_number_id: phoneNumberId },
      contacts: [{ profile: { name: 'Mallory' }, wa_id: from }],
      messages: [{ from, id: wamid, timestamp: unixNow(), type: 'text', text: { body: text } }],
    },
  };
}

/** A `messages` change to `phoneNumberId` carrying one status of an outbound message. */
export function metaStatusChange(phoneNumberId: string, wamid: string, status: string, recipient: string) {
  return {
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15551000000', phone_number_id: phoneNumberId },
      statuses: [
        {
          id: wamid,
          status,
          timestamp: unixNow(),
          recipient_id: recipient,
          ...(status === 'failed'
            ? { errors: [{ code: 131026, title: 'Message undeliverable', message: 'undeliverable' }] }
            : {}),
        },
      ],
    },
  };
}

/** A WABA-level `message_template_status_update` change. */
export function metaTemplateChange(event: string, name: string, language = 'en') {
  return {
    field: 'message_template_status_update',
    value: {
      event,
      message_template_id: 1234567890,
      message_template_name: name,
      message_template_language: language,
      reason: event === 'REJECTED' ? 'INVALID_FORMAT' : null,
    },
  };
}

export function metaEnvelope(entries: Array<{ id: string; changes: unknown[] }>): string {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: entries });
}

export function metaSignatureHeader(body: string | Buffer, secret: string): string {
  return signMetaPayload(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), secret);
}

/**
 * A form body as Twilio sends it: a value given as an array is sent as that field repeated. The
 * signature is computed over `url` with the SDK, exactly as Twilio signs (repeated values included).
 */
export function twilioForm(
  url: string,
  params: Record<string, string | string[]>,
  authToken: string,
): { body: string; signature: string } {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return { body: form.toString(), signature: twilio.getExpectedTwilioSignature(authToken, url, params) };
}
