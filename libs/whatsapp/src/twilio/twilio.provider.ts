import type { OutboundMessage } from '@leadline/flow-core';
import twilio from 'twilio';
import { ProviderError } from '../errors/provider-error';
import { toE164 } from '../shared/e164';
import { twilioClient } from '../onboarding/twilio-sender';
import type { SendOptions, TemplateDefinition, TemplateInfo, WhatsAppProvider } from '../whatsapp-provider';
import { createContentTemplate, listContentTemplates } from './twilio-content';
import { toTwilioProviderError } from './twilio-error';
import { toTwilioMessage, type ContentSidMap } from './twilio-outbound.mapper';

export interface TwilioProviderOptions {
  /** Default https://api.twilio.com; a fake server's URL in tests and demos. */
  apiUrl?: string;
  accountSid: string;
  authToken: string;
  /** The WhatsApp sender, E.164 (`+15550001111` or `whatsapp:+15550001111`). */
  from: string;
  /** Template name(+language) to Content template SID; see ContentSidMap. */
  contentSids?: ContentSidMap;
  /** Where Twilio posts status callbacks for messages we send (else the sender's configured URL). */
  statusCallback?: string;
  /** Per request, default 10 s. */
  timeoutMs?: number;
}

const MESSAGE_SID = /^(SM|MM)[0-9a-zA-Z]+$/;

/** Query parameter of the StatusCallback URL that carries the send's idempotency key. */
export const STATUS_CALLBACK_REF = 'messageRef';

/**
 * Sends through Twilio's Programmable Messaging with the official SDK. Twilio cannot mark messages
 * read (no markRead); its templates are Content API resources with a WhatsApp approval, listed and
 * created here in Meta's component format (twilio-content.ts). The idempotency key is not forwarded:
 * Twilio's Messages API has no idempotency parameter.
 */
export class TwilioProvider implements WhatsAppProvider {
  readonly provider = 'twilio' as const;
  private readonly client: twilio.Twilio;
  private readonly from: string;

  constructor(private readonly options: TwilioProviderOptions) {
    const from = toE164(options.from);
    if (!from) throw new Error('TwilioProvider: `from` must be an E.164 WhatsApp number');
    this.from = from;
    this.client = twilioClient(options);
  }

  async *listTemplates(): AsyncIterable<TemplateInfo> {
    yield* await listContentTemplates(this.client);
  }

  createTemplate(template: TemplateDefinition): Promise<{ id: string; status: string }> {
    return createContentTemplate(this.client, template);
  }

  async send(
    to: string,
    message: OutboundMessage,
    options: SendOptions,
  ): Promise<{ providerMessageId: string }> {
    const params = toTwilioMessage(to, message, {
      from: this.from,
      contentSids: this.options.contentSids,
      contentSid: options.providerTemplateId,
      statusCallback: this.statusCallbackFor(options.idempotencyKey),
    });
    let sid: unknown;
    try {
      sid = (await this.client.messages.create(params)).sid;
    } catch (error) {
      throw toTwilioProviderError(error);
    }
    if (typeof sid !== 'string' || !MESSAGE_SID.test(sid)) {
      throw new ProviderError({
        provider: 'twilio',
        classification: { kind: 'retryable' },
        code: 'malformed_response',
        message: 'Twilio API response has no message SID',
      });
    }
    return { providerMessageId: sid };
  }

  /**
   * The send's idempotency key rides along in the callback URL as `messageRef` (Twilio signs the
   * whole URL): a status callback that overtakes the create answer, before its SID is known to us,
   * still finds its message, as Meta's biz_opaque_callback_data does.
   */
  private statusCallbackFor(idempotencyKey: string | undefined): string | undefined {
    const base = this.options.statusCallback;
    if (!base || !idempotencyKey) return base;
    const url = new URL(base);
    url.searchParams.set(STATUS_CALLBACK_REF, idempotencyKey);
    return url.toString();
  }
}
