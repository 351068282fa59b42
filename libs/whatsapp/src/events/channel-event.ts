import type { InboundMessage } from '@leadline/flow-core';

export type ProviderName = 'meta' | 'twilio' | 'sandbox';

/** The four delivery states the engine tracks; provider-specific states are mapped onto them. */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** Which business number an event belongs to: Meta's phone_number_id, or the E.164 sender for Twilio. */
export interface ChannelRef {
  provider: ProviderName;
  phoneNumberId: string;
}

export interface ContactRef {
  /** WhatsApp's id for the user (digits, no +); may differ from the number on file. */
  waId: string;
  /** E.164 with a leading +. */
  phone: string;
  name?: string;
}

export interface ProviderErrorDetail {
  code: number;
  title: string;
  message: string;
  details?: string;
}

export interface SharedLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
}

export interface SharedContact {
  name?: string;
  phones: Array<{ phone?: string; waId?: string; type?: string }>;
}

/** The core's inbound message plus what only the channel layer knows. `id` equals `providerMessageId`. */
export type ChannelInboundMessage = InboundMessage & {
  providerMessageId: string;
  location?: SharedLocation;
  contacts?: SharedContact[];
  /** Provider id of the message this one quotes (a reply or a button tap on one of ours). */
  replyTo?: string;
  forwarded?: boolean;
  /** The provider's own type name when `type` is `unsupported` (e.g. `reaction`, `order`). */
  unsupportedType?: string;
  errors?: ProviderErrorDetail[];
};

export interface MessageEvent {
  kind: 'message';
  channel: ChannelRef;
  contact: ContactRef;
  message: ChannelInboundMessage;
}

export interface StatusEvent {
  kind: 'status';
  channel: ChannelRef;
  providerMessageId: string;
  status: DeliveryStatus;
  /** ISO time the provider reports (Meta), or when the callback arrived (Twilio). */
  at: string;
  /** E.164 of the contact the message went to. */
  recipient: string;
  errors?: ProviderErrorDetail[];
  /** The provider says the 24-hour window is closed (Meta 131047, Twilio 63016). */
  windowClosed: boolean;
  /** Our idempotency key, echoed: Meta's biz_opaque_callback_data, Twilio's StatusCallback `messageRef`. */
  callbackData?: string;
  /** Meta's pricing type and category (e.g. free_customer_service / utility). */
  pricing?: { type?: string; category?: string };
}

export interface TemplateStatusEvent {
  kind: 'template_status';
  wabaId: string;
  templateId?: string;
  templateName: string;
  language: string;
  /** APPROVED, REJECTED, PAUSED, DISABLED, ... as Meta sends it. */
  event: string;
  reason?: string;
}

/** Meta moved a template to another category (`template_category_update`). */
export interface TemplateCategoryEvent {
  kind: 'template_category';
  wabaId: string;
  templateId?: string;
  templateName: string;
  language: string;
  previousCategory?: string;
  newCategory: string;
}

/**
 * What Meta says about a number's standing: `phone_number_quality_update` (event FLAGGED, UNFLAGGED,
 * DOWNGRADE, UPGRADE, with the messaging tier in force) or `account_update` (event
 * ACCOUNT_RESTRICTION, ACCOUNT_VIOLATION, DISABLED_UPDATE, ...).
 */
export interface ChannelHealthEvent {
  kind: 'channel_health';
  source: 'phone_number_quality_update' | 'account_update';
  wabaId: string;
  /** The number, E.164, when the update names one. */
  displayPhone?: string;
  event: string;
  /** TIER_250 ... TIER_UNLIMITED, for quality updates. */
  messagingTier?: string;
  previousTier?: string;
}

/** One normalised thing a provider told us, whichever provider it was. */
export type ChannelEvent =
  MessageEvent | StatusEvent | TemplateStatusEvent | TemplateCategoryEvent | ChannelHealthEvent;
