import type { AppConfig } from './config.types';
import { ConfigError, describeRejectedValue, type ConfigIssue } from './config-error';
import { deepFreeze } from './deep-freeze';
import {
  DEVELOPMENT_ENCRYPTION_KEY,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_VAPID_KEYS,
} from './development-secrets';
import { loadDotEnv } from './dotenv-loader';
import { envSchema, productionRequirementIssues, splitList, type Env } from './env.schema';
import { decideListenHost } from './listen-host';
import { parseTrustProxy } from './trust-proxy';

type EnvRecord = Readonly<Record<string, string | undefined>>;

/**
 * Validates the environment and returns the typed, nested, frozen configuration.
 * Called without arguments it reads `process.env` after merging `.env` from the repository root
 * (real variables win); called with an explicit record it reads only that record, which keeps
 * tests independent of a developer's .env.
 *
 * @throws ConfigError naming every invalid or missing variable.
 */
export function loadConfig(env?: EnvRecord): AppConfig {
  if (env === undefined) {
    loadDotEnv();
    env = process.env;
  }
  const parsed = envSchema.safeParse(env);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '(environment)');
        const shown = describeRejectedValue(variable, env[variable]);
        return { variable, message: shown === undefined ? issue.message : `${issue.message} (got ${shown})` };
      });
  for (const issue of productionRequirementIssues(env)) {
    if (!issues.some((existing) => existing.variable === issue.variable)) issues.push(issue);
  }
  if (parsed.success) {
    const { issue } = decideListenHost(parsed.data.LISTEN_HOST, usesDevelopmentSecrets(parsed.data));
    if (issue) issues.push(issue);
  }
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  return deepFreeze(toAppConfig(parsed.data));
}

/** Unset, or set to the public development value (which protects nothing either). */
function usesDevelopmentSecrets(env: Env): boolean {
  return (
    env.ENCRYPTION_KEY === undefined ||
    env.ENCRYPTION_KEY === DEVELOPMENT_ENCRYPTION_KEY ||
    env.JWT_SECRET === undefined ||
    env.JWT_SECRET === DEVELOPMENT_JWT_SECRET
  );
}

function toAppConfig(env: Env): AppConfig {
  const warnings: string[] = [];
  const encryptionKey = env.ENCRYPTION_KEY ?? DEVELOPMENT_ENCRYPTION_KEY;
  const jwtSecret = env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  if (env.ENCRYPTION_KEY === undefined) {
    warnings.push(
      'ENCRYPTION_KEY is not set: using the built-in DEVELOPMENT key, which protects nothing. ' +
        'Set ENCRYPTION_KEY (openssl rand -base64 32) before storing real credentials.',
    );
  }
  if (env.JWT_SECRET === undefined) {
    warnings.push(
      'JWT_SECRET is not set: using the built-in DEVELOPMENT secret; anyone can forge tokens. ' +
        'Set JWT_SECRET (openssl rand -base64 48) before exposing this instance.',
    );
  }
  const ownVapidKeys = env.VAPID_PUBLIC_KEY !== undefined && env.VAPID_PRIVATE_KEY !== undefined;
  const production = env.NODE_ENV === 'production';
  if (!ownVapidKeys) {
    warnings.push(
      production
        ? 'VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY are not set: web push notifications are off (e-mail still works).'
        : 'VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY are not set: web push uses the built-in DEVELOPMENT key pair. ' +
            'Set both (npx web-push generate-vapid-keys) before exposing this instance.',
    );
  }
  const vapidKeys = ownVapidKeys
    ? { publicKey: env.VAPID_PUBLIC_KEY!, privateKey: env.VAPID_PRIVATE_KEY! }
    : production
      ? undefined
      : DEVELOPMENT_VAPID_KEYS;
  const usingDevelopmentSecrets = usesDevelopmentSecrets(env);
  const listen = decideListenHost(env.LISTEN_HOST, usingDevelopmentSecrets);
  if (usingDevelopmentSecrets) {
    warnings.push(
      `Development secrets in use: listening on loopback only (${listen.host}). ` +
        'Set JWT_SECRET and ENCRYPTION_KEY to real secrets to accept connections from other machines.',
    );
  }
  return {
    server: {
      nodeEnv: env.NODE_ENV,
      port: env.PORT,
      publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''),
      logLevel: env.LOG_LEVEL,
      ...(env.LOG_FORMAT ? { logFormat: env.LOG_FORMAT } : {}),
      workerHealthPort: env.WORKER_HEALTH_PORT,
      ...(listen.host ? { listenHost: listen.host } : {}),
      loopbackOnly: listen.loopbackOnly,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      trustProxy: trustProxyValue(env.TRUST_PROXY),
      ...(env.CPU_PROFILE_DIR ? { cpuProfileDir: env.CPU_PROFILE_DIR } : {}),
      ...(env.WEB_APP_DIR ? { webAppDir: env.WEB_APP_DIR } : {}),
    },
    database: { url: env.DATABASE_URL },
    redis: { url: env.REDIS_URL },
    engine: {
      mode: env.LEADLINE_ENGINE,
      ingestBatchMs: env.INGEST_BATCH_MS,
      temporal: {
        address: env.TEMPORAL_ADDRESS,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        tls: env.TEMPORAL_TLS === 'true' || env.TEMPORAL_API_KEY !== undefined,
        searchAttributes: env.TEMPORAL_SEARCH_ATTRIBUTES === 'true',
        ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
        ...(env.TEMPORAL_PAYLOAD_KEY ? { payloadKey: env.TEMPORAL_PAYLOAD_KEY } : {}),
        ...(env.TEMPORAL_METRICS_BIND ? { metricsBind: env.TEMPORAL_METRICS_BIND } : {}),
      },
    },
    whatsapp: {
      meta: {
        graphUrl: env.META_GRAPH_URL.replace(/\/+$/, ''),
        graphVersion: env.META_GRAPH_VERSION,
        appSecret: env.META_APP_SECRET,
        verifyToken: env.META_VERIFY_TOKEN,
        appId: env.META_APP_ID,
        embeddedSignupConfigId: env.META_EMBEDDED_SIGNUP_CONFIG_ID,
      },
      twilio: { apiUrl: env.TWILIO_API_URL.replace(/\/+$/, '') },
      sendRatePerSecond: env.WHATSAPP_SEND_RATE,
    },
    ai: {
      openai: {
        apiKey: env.OPENAI_API_KEY,
        baseUrl: env.OPENAI_BASE_URL.replace(/\/+$/, ''),
        model: env.OPENAI_MODEL,
      },
      gemini: {
        apiKey: env.GEMINI_API_KEY,
        baseUrl: env.GEMINI_BASE_URL.replace(/\/+$/, ''),
        model: env.GEMINI_MODEL,
      },
    },
    activities: {
      modules: (env.LEADLINE_ACTIVITIES ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    },
    http: { privateAllowlist: splitList(env.HTTP_PRIVATE_ALLOWLIST) },
    security: {
      encryptionKey,
      previousEncryptionKeys: (env.ENCRYPTION_KEYS_PREVIOUS ?? '')
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
      jwtSecret,
      usingDevelopmentSecrets,
    },
    editor: { port: env.EDITOR_PORT },
    testClock: env.LEADLINE_TEST_CLOCK === 'true',
    retention: {
      defaults: {
        messagesDays: env.RETENTION_MESSAGES_DAYS || null,
        runEventsDays: env.RETENTION_RUN_EVENTS_DAYS || null,
        auditDays: env.RETENTION_AUDIT_DAYS || null,
        engineEventsDays: env.RETENTION_ENGINE_EVENTS_DAYS || null,
        outboundEventsDays: env.RETENTION_OUTBOUND_EVENTS_DAYS || null,
      },
      intervalMs: env.RETENTION_INTERVAL_MINUTES * 60_000,
    },
    webhooks: {
      allowPrivateNetworks: env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS === 'true',
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    },
    queueDashboard: env.QUEUE_DASHBOARD_TENANT ? { tenantSlug: env.QUEUE_DASHBOARD_TENANT } : null,
    notifications: {
      appUrl: env.APP_URL.replace(/\/+$/, ''),
      ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
      mailFrom: env.MAIL_FROM,
      ...(vapidKeys ? { vapid: { ...vapidKeys, subject: env.VAPID_SUBJECT } } : {}),
    },
    warnings,
  };
}

function trustProxyValue(text: string): AppConfig['server']['trustProxy'] {
  const parsed = parseTrustProxy(text);
  // The schema has already refused every value this cannot read.
  if (!parsed.ok) throw new Error(`TRUST_PROXY ${parsed.message}`);
  return parsed.value;
}
