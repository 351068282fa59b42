import type { SentMessage, TwilioMessageRecord } from '../../fake-whatsapp';
import type { E2eStack } from './e2e-stack';

/** What a Meta user sees of one message: its text, or `template:<name>`. */
export function metaShown(message: SentMessage): string {
  const body = message.body as Record<string, Record<string, unknown> | undefined>;
  switch (message.type) {
    case 'text':
      return String(body.text?.body);
    case 'interactive':
      return String((body.interactive?.body as { text?: unknown } | undefined)?.text);
    case 'template':
      return `template:${String(body.template?.name)}`;
    default:
      return message.type;
  }
}

/** What a Twilio user sees of one message: its Body, or `template:<ContentSid>`. */
export function twilioShown(message: TwilioMessageRecord): string {
  return message.contentSid ? `template:${message.contentSid}` : message.body;
}

/** The engine's rows for one contact's messages, oldest first (ties broken by id for stability). */
export async function messageRows(stack: E2eStack, phone: string, direction: 'in' | 'out') {
  return stack.inTenant(async (tx) => {
    const contact = await tx.contact.findFirst({ where: { phone } });
    if (!contact) return [];
    return tx.message.findMany({
      where: { contactId: contact.id, direction },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  });
}
