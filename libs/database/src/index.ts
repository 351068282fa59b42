export * from './generated/prisma/client';
export { createPrismaClient, pgPoolOf, type CreatePrismaClientOptions } from './prisma-client.factory';
export {
  withTenant,
  isUuid,
  InvalidTenantIdError,
  TENANT_ROLE,
  TENANT_SETTING,
  type TenantTransaction,
  type TenantTransactionOptions,
} from './tenant-scope';
export {
  DEFAULT_DATABASE_URL,
  InvalidDatabaseUrlError,
  parseDatabaseUrl,
  redactDatabaseUrl,
  withDatabaseName,
  type DatabaseUrlParts,
} from './database-url';
export {
  runMigrations,
  DEFAULT_MIGRATIONS_DIR,
  MIGRATION_LOCK_KEY,
  type MigrationRunnerOptions,
  type MigrationRunResult,
} from './migrate/migration-runner';
export { MigrationError, DatabaseUnreachableError } from './migrate/migration.errors';
export { migrationChecksum, readLocalMigrations, type LocalMigration } from './migrate/migration-files';
export {
  publishFlowVersion,
  type PublishInput,
  type PublishResult,
} from './repositories/flow-version.repository';
export {
  listRuns,
  loadRun,
  RUN_STATUSES,
  type RunDetail,
  type RunEventView,
  type RunFilters,
  type RunMessageView,
  type RunPosition,
  type RunStatusName,
  type RunSummary,
} from './repositories/run.repository';
export {
  createUser,
  EMAIL_PATTERN,
  normaliseEmail,
  USER_VIEW,
  UserExistsError,
  type NewUser,
  type UserRoleName,
  type UserView,
} from './repositories/user.repository';
export { escapeLikePattern } from './like-pattern';
export {
  findStageByName,
  moveContactToStage,
  stageForName,
  STAGE_COLOURS,
  type StageChangeActor,
  type StageChangeSource,
  type StageMove,
  type StageRef,
} from './repositories/pipeline-stage.repository';
