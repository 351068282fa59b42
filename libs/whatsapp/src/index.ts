// The WhatsApp provider layer: webhook signatures, normalisation of Meta and Twilio webhooks into
// ChannelEvents, mapping of the core's OutboundMessage to each provider, error classification, and
// the Meta, Twilio and sandbox providers. I/O only through injected fetch / the Twilio SDK.
export * from './events/channel-event';
export { statusRank, isStatusForward } from './events/status-precedence';

export * from './errors/provider-error';
export { classifyProviderError, type ProviderErrorFacts } from './errors/classify-provider-error';
export { MalformedWebhookError } from './errors/malformed-webhook.error';

export { verifyMetaSignature, signMetaPayload } from './signatures/meta-signature';
export { verifyTwilioSignature, type TwilioSignatureInput } from './signatures/twilio-signature';

export { parseMetaWebhook, type MetaWebhookParseResult } from './meta/parse-meta-webhook';
export {
  metaWebhookTargets,
  MAX_WEBHOOK_TARGETS,
  type MetaWebhookTargets,
} from './meta/meta-webhook-targets';
export {
  parseTwilioWebhook,
  twilioWebhookNumbers,
  type TwilioWebhookOptions,
} from './twilio/parse-twilio-webhook';
export { INBOUND_LIMITS, MAX_WEBHOOK_DEPTH } from './shared/inbound-limits';

export { MEDIA_ID_SCHEME, mediaReference, mediaSource, type MediaSource } from './outbound/media-reference';
export {
  toMetaMessage,
  type MetaSendBody,
  type MetaInteractive,
  type MetaTemplateComponent,
  type MetaMappingOptions,
} from './meta/meta-outbound.mapper';
export {
  toTwilioMessage,
  contentSidKey,
  contentVariables,
  numberedOptionsText,
  type TwilioSendParams,
  type ContentSidMap,
  type TwilioMappingOptions,
} from './twilio/twilio-outbound.mapper';

export * from './whatsapp-provider';
export {
  MetaCloudProvider,
  DEFAULT_GRAPH_URL,
  DEFAULT_GRAPH_VERSION,
  type MetaCloudProviderOptions,
} from './meta/meta-cloud.provider';
export { TwilioProvider, STATUS_CALLBACK_REF, type TwilioProviderOptions } from './twilio/twilio.provider';
export { TWILIO_API_URL } from './twilio/base-url-request-client';
export {
  SandboxProvider,
  type SandboxProviderOptions,
  type SandboxSentMessage,
} from './sandbox/sandbox.provider';
export { toE164 } from './shared/e164';

export {
  proveChannelOwnership,
  ChannelOwnershipError,
  type ChannelClaim,
  type ChannelOwnershipCode,
  type ProviderEndpoints,
  type ProvenNumber,
} from './onboarding/channel-ownership';
export {
  readMetaPhoneNumber,
  wabaHasNumber,
  PHONE_NUMBER_FIELDS,
  type MetaPhoneNumberInfo,
} from './onboarding/meta-phone-number';
export { twilioClient, twilioAccountHasNumber, type TwilioAccountOptions } from './onboarding/twilio-sender';
export { GraphClient, type GraphClientOptions } from './meta/graph-client';
export {
  completeEmbeddedSignup,
  EmbeddedSignupError,
  type EmbeddedSignupInput,
  type EmbeddedSignupApp,
  type EmbeddedSignupResult,
  type EmbeddedSignupCode,
} from './onboarding/meta-embedded-signup';
