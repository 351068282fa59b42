export { createLogger, REDACT_PATHS, REDACTED_HEADERS, type LoggerSettings } from './logger.factory';
export {
  createPostgresPool,
  createRedisClient,
  closePostgresPool,
  closeRedisClient,
  lastRedisError,
  withDeadline,
  settlesWithin,
  fulfilsWithin,
} from './connections';
export {
  postgresCheck,
  redisCheck,
  runReadinessChecks,
  DEFAULT_CHECK_TIMEOUT_MS,
  type CheckResult,
  type DependencyCheck,
  type ReadinessReport,
} from './dependency-checks';
export {
  createMetricsRegistry,
  createHttpDurationHistogram,
  METRICS_CONTENT_TYPE,
  type HttpDurationHistogram,
} from './metrics';
export {
  closeQueues,
  type ClosableQueue,
  type ClosableWorker,
  type CloseQueuesOptions,
} from './close-queues';
export { maskUrlPassword, scrubErrorMessage, urlPasswords } from './redact';
export { installCpuProfileSignal, type CpuProfileLog } from './cpu-profile-signal';
export { MalformedJobError, describeIssues, parseJobData } from './queue-jobs';
export {
  QUEUE_PREFIX,
  QueueBinding,
  addJob,
  defineQueue,
  failedContext,
  openQueue,
  processJob,
  type QueueBindingOptions,
  type QueueDefinition,
} from './queue-definition';
export { FEEDER_IDLE, PollLoop, type PollLoopIdle } from './poll-loop';
export { onActivity, signalActivity } from './process-activity';
export {
  createEngineMetrics,
  createWebhookAckHistogram,
  createStateGauges,
  applyStateSnapshot,
  sharedRefresh,
  type EngineMetrics,
  type WebhookAckHistogram,
  type StateGauges,
  type StateSnapshot,
} from './domain-metrics';
