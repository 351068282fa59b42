export { loadConfig } from './load-config';
export type { AppConfig } from './config.types';
export type { TrustProxy } from './trust-proxy';
export { ConfigError, formatConfigError, maskUrlPassword, type ConfigIssue } from './config-error';
export { loadDotEnv, findRepoRoot } from './dotenv-loader';
export { DEVELOPMENT_ENCRYPTION_KEY, DEVELOPMENT_JWT_SECRET } from './development-secrets';
export { isLoopbackHost, LOOPBACK_HOST } from './listen-host';
export {
  ENV_VARIABLES,
  SECRET_VARIABLES,
  NODE_ENVS,
  LOG_LEVELS,
  ENGINE_MODES,
  type NodeEnv,
  type LogLevel,
  type EngineMode,
} from './env.schema';
