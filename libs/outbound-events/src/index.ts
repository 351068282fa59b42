export { OUTBOUND_EVENT_TYPES, isOutboundEventType, type OutboundEventType } from './event-types';
export { recordOutboundEvent, type NewOutboundEvent } from './record-event';
export {
  SIGNATURE_HEADER,
  signatureHeader,
  signatureOf,
  verifySignature,
  type SignatureCheck,
} from './signature';
export { MAX_DELIVERY_ATTEMPTS, BACKOFF_BASE_MS, BACKOFF_FACTOR, retryDelayMs } from './backoff';
export { ForbiddenUrlError, assertDeliverableUrl, guardedLookup, parseWebhookUrl } from './url-guard';
export { isPublicAddress } from '@leadline/safe-http';
export {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  generateWebhookSecret,
  openWebhookSecret,
  type NewSubscription,
  type SubscriptionView,
} from './subscriptions';
export { postJson, type PostResult, type PostOptions } from './http-post';
export {
  attemptDelivery,
  claimDueDeliveries,
  REQUEUE_AFTER_MS,
  deliveryJobSchema,
  type DeliveryJob,
  type DeliveryOptions,
  type DeliveryOutcome,
} from './delivery';
export { OutboundEventsDispatcher, type DispatcherOptions } from './dispatcher';
export {
  deliveryOptions,
  OutboundEventsFeeder,
  webhooksQueue,
  WEBHOOK_QUEUE,
  type OutboundEventsOptions,
} from './queue';
