export { FakeMetaGraph, DEFAULT_META_PHONE } from './fake-meta-graph';
export type {
  FakeMetaGraphOptions,
  PairLimit,
  MetaPhoneNumber,
  SentMessage,
  MessageStatus,
  InboundRecord,
  ReadReceiptRecord,
} from './fake-meta-graph';
export { FakeTwilio, DEFAULT_TWILIO_ACCOUNT, DEFAULT_TWILIO_SENDER } from './fake-twilio';
export type {
  FakeTwilioOptions,
  TwilioAccount,
  TwilioContent,
  TwilioInboundRecord,
  TwilioNumber,
  ContentApproval,
} from './fake-twilio';
export { LoopbackTwilioRequestClient } from './twilio-sdk-client';
export { ManualClock, systemClock, HOUR_MS, type Clock } from './clock';
export { CUSTOMER_WINDOW_MS } from './customer-window';
export type { Fault } from './fault-injector';
export type { DeliveryOptions, DeliveryRecord, DeliveryOrder, DeliveryAttempt } from './webhook-dispatcher';
export type { MetaUserMessage, MetaUserMedia, MetaReferral } from './meta-inbound-message';
export type { TwilioUserMessage, TwilioUserMedia, TwilioReferral } from './twilio-inbound';
export type { TwilioMessageRecord, TwilioStatus } from './twilio-message';
export type { StoredTemplate, TemplateInput, TemplateStatus, TemplateCategory } from './meta-template-store';
export type { StoredMedia } from './media-store';
export type { SignupCode, RegistrationRefusal } from './meta-account-routes';
export type { MetaStatus, MetaStatusName, MetaPricing } from './meta-webhook-envelope';
export { META_LIMITS } from './meta-message-validator';
export { metaSignature } from './meta-webhook-envelope';
export { graphErrorHttpStatus, graphErrorTitle } from './meta-graph-errors';
export { twilioErrorBody } from './twilio-errors';
