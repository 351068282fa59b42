export type { ActivityContext, ActivityFetchInit } from './activity-context';
export { ActivityFailure, isActivityFailure } from './activity-failure';
export {
  ACTIVITY_NAME,
  ActivityDefinitionError,
  defineActivity,
  isActivityDefinition,
  MAX_ACTIVITY_ATTEMPTS,
  MAX_ACTIVITY_TIMEOUT_MS,
  SECRET_NAME,
  type ActivityDefinition,
  type ActivitySpec,
  type DurationLike,
} from './define-activity';
export { executeActivity, type Execution, type ExecutionContext } from './execute-activity';
export { activityIdempotencyKey } from './idempotency-key';
export { describeIssues } from './input-problems';
export {
  activityManifest,
  manifestEntry,
  type ActivityManifest,
  type ActivityManifestEntry,
} from './manifest';
export { ActivityRegistry } from './activity-registry';
export { activitiesOf, loadActivityRegistry, type LoadActivitiesOptions } from './load-activities';
export { testActivity } from './test-activity';
export { fromText } from './from-text';
export { checkScriptedActivity, type ScriptedCheck } from './check-scripted';
export { watchActivityModules, type WatchActivitiesOptions } from './watch-activities';
