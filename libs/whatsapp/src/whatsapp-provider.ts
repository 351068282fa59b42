import type { OutboundMessage } from '@leadline/flow-core';

export interface SendOptions {
  /** Stable per logical send. Meta gets it as biz_opaque_callback_data; the sandbox deduplicates on it. */
  idempotencyKey: string;
  /** Retries already made for this send (0 for the first try); sets the 4^X backoff of Meta's 131056. */
  attempt?: number;
  /**
   * For a template: the provider's id of it, as synced into our templates (Twilio's ContentSid). Meta
   * sends templates by name and ignores it.
   */
  providerTemplateId?: string;
}

export interface MediaFile {
  data: Buffer;
  filename: string;
  mimeType: string;
}

/** One template as the provider lists it. */
export interface TemplateInfo {
  id: string;
  name: string;
  language: string;
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ... Only APPROVED ones can be sent. */
  status: string;
  category?: string;
  parameterFormat?: string;
  /** Why the provider rejected or paused it, when it says. */
  rejectionReason?: string;
  components: unknown[];
}

/** A template to submit for review; `components` use Meta's create format (HEADER, BODY, FOOTER, BUTTONS). */
export interface TemplateDefinition {
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  parameterFormat?: 'positional' | 'named';
  components: unknown[];
}

/**
 * One WhatsApp sender. Every method rejects with a ProviderError whose `classification` tells the
 * engine whether to retry, switch to a template, back off for one recipient, or stop the channel.
 */
export interface WhatsAppProvider {
  readonly provider: 'meta' | 'twilio' | 'sandbox';
  send(to: string, message: OutboundMessage, options: SendOptions): Promise<{ providerMessageId: string }>;
  uploadMedia?(file: MediaFile): Promise<{ mediaId: string }>;
  markRead?(providerMessageId: string): Promise<void>;
  listTemplates?(): AsyncIterable<TemplateInfo>;
  createTemplate?(template: TemplateDefinition): Promise<{ id: string; status: string }>;
  /** Edits a submitted template (after a rejection) and sends it back to review: Meta only. */
  updateTemplate?(id: string, template: TemplateDefinition): Promise<{ id: string; status: string }>;
}
