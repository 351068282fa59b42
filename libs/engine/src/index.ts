export * from './engine-ports';
export { appendContactEvent, type ContactEventKind, type NewContactEvent } from './contact-events';
export {
  ingestChannelEvent,
  ANY_CHANNEL,
  type ChannelScope,
  type IngestOutcome,
  type IngestNotice,
} from './ingest-channel-event';
export {
  IngestBatcher,
  DEFAULT_INGEST_BATCH,
  type AfterIngestCommit,
  type IngestBatchOptions,
  type IngestBatchSummary,
} from './ingest-batch';
export * from './inbox-events';
export { ContactProcessor, MAX_EVENT_ATTEMPTS } from './contact-processor';
export { ContactStepBatcher, DEFAULT_CONTACT_STEP_BATCH, BUSY } from './contact-step-batch';
export { persistTransition, type RunContext } from './persist-transition';
export { upsertConversation } from './conversations';
export { publishCommitted, publishOutbox, type OutboxRow } from './outbox-relay';
export * from './queue-agent-message';
export {
  sendMessages,
  giveUpSends,
  RECONCILE_MS,
  CAMPAIGN_KEY_PREFIX,
  SEND_ATTEMPTS_EXHAUSTED,
  type SendDeps,
} from './send-messages';
export { TimerPoller, DEFAULT_TIMER_POLLER, type TimerFiring, type TimerPollerOptions } from './timer-poller';
export { takeCampaignReply, linkCampaignRun, CAMPAIGN_REPLY_WINDOW_MS } from './campaign-reply';
export { runActivity, type ActivityHandlers } from './run-activity';
export { Sweeper, STALE_AFTER_MS } from './sweeper';
export { RetryLaterError } from './retry-later.error';
export {
  RedisRecipientPacer,
  RecipientPacedError,
  WHATSAPP_PAIR_LIMIT,
  type PairLimit,
  type RecipientPacer,
} from './recipient-pacer';
export {
  BullMqJobQueue,
  createWorker,
  backoffStrategy,
  queueName,
  ENGINE_QUEUES,
  QUEUE_PREFIX,
  type StaticEngineQueue,
} from './bullmq-job-queue';
export { EmbeddedEngine, type EmbeddedEngineOptions } from './embedded-engine';
export type { FlowEngineClient, RunControlAction, ContactWake } from './flow-engine';
export { EngineClient, UnknownFlowError, NoChannelError, type LeadInput } from './engine-client';
export {
  contactsOf,
  wakeContact,
  wakeContactList,
  wakeContacts,
  WAKE_TIMEOUT_MS,
  type ContactRef,
} from './wake';
export {
  createProviderFactory,
  MissingCredentialsError,
  type ChannelCredentials,
  type ProviderFactoryOptions,
} from './provider-factory';
export { bullConnection } from './redis-connection';
export * from './templates';
export * from './channel-health';
export { RedisTestClock } from './test-clock';
export {
  storeInboundMedia,
  inboundMediaJobSchema,
  type InboundMediaJob,
  type InboundMediaDeps,
  type InboundMediaOutcome,
} from './inbound-media';
export { StateSnapshotReader } from './state-snapshot';
export { forgetChannel, forgetTenantSettings, forgetAllLookups, LOOKUP_TTL_MS } from './lookup-cache';
