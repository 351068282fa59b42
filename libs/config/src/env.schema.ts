import { isIP } from 'node:net';
import { z } from 'zod';
import {
  DEVELOPMENT_ENCRYPTION_KEY,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_VAPID_KEYS,
} from './development-secrets';
import { parseTrustProxy } from './trust-proxy';

/** Variables whose values must never be echoed anywhere (errors, logs). */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEYS_PREVIOUS',
  'JWT_SECRET',
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'OPENAI_API_KEY',
  'GEMINI_API_KEY',
  'SMTP_URL',
  'VAPID_PRIVATE_KEY',
  'TEMPORAL_API_KEY',
  'TEMPORAL_PAYLOAD_KEY',
]);

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const ENGINE_MODES = ['embedded', 'temporal'] as const;

// `FOO=` in a .env file or an exported empty variable means "not set", so the default applies.
const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

function variable<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema);
}

function integer(min: number, max: number, fallback: number) {
  const error = `must be a whole number between ${min} and ${max}`;
  return variable(
    z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback),
  );
}

const port = (fallback: number) => integer(0, 65535, fallback);

const httpUrl = (fallback: string) =>
  variable(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default(fallback));

/** The entries of a comma-separated list, trimmed, empty ones dropped. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** A host name, an IP address, or an IP network in CIDR form (HTTP_PRIVATE_ALLOWLIST). */
function isAllowlistEntry(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (prefix === undefined) return family !== 0 || HOST_NAME.test(address);
  const bits = Number(prefix);
  return family !== 0 && /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

const nonEmpty = (fallback: string) => variable(z.string().min(1).default(fallback));
const optionalSecret = () => variable(z.string().min(1).optional());

function decodedBase64Length(value: string): number | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  return Buffer.from(value, 'base64').length;
}

const encryptionKey = variable(
  z
    .string()
    .superRefine((value, ctx) => {
      const bytes = decodedBase64Length(value);
      if (bytes === 32) return;
      ctx.addIssue({
        code: 'custom',
        message:
          bytes === undefined
            ? 'must be base64 of exactly 32 bytes, but is not valid base64 (generate one with: openssl rand -base64 32)'
            : `must be base64 of exactly 32 bytes, but decodes to ${bytes} bytes (generate one with: openssl rand -base64 32)`,
      });
    })
    .optional(),
);

const trustProxy = variable(
  z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if (parsed.ok) return;
      ctx.addIssue({
        code: 'custom',
        message: `must be false, true, a number of proxy hops or a comma-separated list of proxy addresses/subnets (${parsed.message})`,
      });
    })
    .default('false'),
);

const jwtSecret = variable(
  z
    .string()
    .superRefine((value, ctx) => {
      if (value.length >= 32) return;
      ctx.addIssue({
        code: 'custom',
        message: `must be at least 32 characters long (got ${value.length}; generate one with: openssl rand -base64 48)`,
      });
    })
    .optional(),
);

export const envSchema = z.object({
  // server
  NODE_ENV: variable(
    z.enum(NODE_ENVS, { error: `must be one of: ${NODE_ENVS.join(', ')}` }).default('development'),
  ),
  PORT: port(3000),
  PUBLIC_URL: httpUrl('http://localhost:3000'),
  LOG_LEVEL: variable(
    z.enum(LOG_LEVELS, { error: `must be one of: ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  // How log lines look: json (for log collectors) or pretty (for people). Unset: pretty in development
  // in a terminal, json otherwise; production always writes json.
  LOG_FORMAT: variable(z.enum(['json', 'pretty'], { error: 'must be one of: json, pretty' }).optional()),
  WORKER_HEALTH_PORT: port(3001),
  // The address the API and the worker's health server listen on; unset: every interface (loopback
  // only while a built-in development secret is in use, see listen-host.ts).
  LISTEN_HOST: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9.:-]{1,253}$/, { error: 'must be an IP address or host name, e.g. 127.0.0.1 or ::' })
      .optional(),
  ),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000, 10_000),
  TRUST_PROXY: trustProxy,
  // A directory turns on CPU profiling on demand: SIGUSR2 starts a profile, the next SIGUSR2 writes it there.
  CPU_PROFILE_DIR: variable(z.string().min(1).optional()),
  // The built web app (`npm run build` writes dist/web) that the API serves at / with the SPA fallback.
  // Unset: dist/web when NODE_ENV=production and it exists, nothing otherwise (development uses Vite).
  WEB_APP_DIR: variable(z.string().min(1).optional()),
  // database
  DATABASE_URL: variable(
    z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
      .default('postgresql://postgres:postgres@127.0.0.1:5432/leadline'),
  ),
  // redis
  REDIS_URL: variable(
    z
      .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
      .default('redis://127.0.0.1:6379'),
  ),
  // engine
  // Group commit for webhook ingest: how long (ms) a webhook's events wait for others to share one
  // transaction; 0 writes each event in its own transaction.
  INGEST_BATCH_MS: integer(0, 1_000, 2),
  LEADLINE_ENGINE: variable(
    z.enum(ENGINE_MODES, { error: `must be one of: ${ENGINE_MODES.join(', ')}` }).default('embedded'),
  ),
  TEMPORAL_ADDRESS: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, { error: 'must be host:port (for example localhost:7233)' })
      .default('localhost:7233'),
  ),
  TEMPORAL_NAMESPACE: nonEmpty('default'),
  TEMPORAL_TASK_QUEUE: nonEmpty('leadline'),
  // Temporal Cloud (or a TLS frontend): TLS on the gRPC connection, and an API key when it uses them.
  TEMPORAL_TLS: variable(z.enum(['true', 'false'], { error: 'must be true or false' }).default('false')),
  TEMPORAL_API_KEY: optionalSecret(),
  // Start contact workflows with the LeadlineTenantId/LeadlineContactId search attributes (register them first).
  TEMPORAL_SEARCH_ATTRIBUTES: variable(
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  // Encrypts every Temporal payload (AES-256-GCM) so contacts' data is not readable in histories.
  TEMPORAL_PAYLOAD_KEY: encryptionKey,
  // host:port where the worker serves the Temporal SDK's Prometheus metrics (off when unset).
  TEMPORAL_METRICS_BIND: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, { error: 'must be host:port (for example 0.0.0.0:9464)' })
      .optional(),
  ),
  // whatsapp
  META_GRAPH_URL: httpUrl('https://graph.facebook.com'),
  META_GRAPH_VERSION: variable(
    z
      .string()
      .regex(/^v\d+\.\d+$/, { error: 'must look like v25.0' })
      .default('v25.0'),
  ),
  META_APP_SECRET: optionalSecret(),
  META_VERIFY_TOKEN: optionalSecret(),
  // Embedded Signup (Settings → Channels → Connect WhatsApp): the platform's Meta app and its
  // Facebook Login for Business configuration; both public ids, unset means the button is hidden.
  META_APP_ID: variable(
    z
      .string()
      .regex(/^\d{1,32}$/, { error: 'must be the numeric Meta app id' })
      .optional(),
  ),
  META_EMBEDDED_SIGNUP_CONFIG_ID: variable(
    z
      .string()
      .regex(/^\d{1,32}$/, { error: 'must be the numeric configuration id' })
      .optional(),
  ),
  TWILIO_API_URL: httpUrl('https://api.twilio.com'),
  WHATSAPP_SEND_RATE: integer(1, 1000, 80),
  // ai
  OPENAI_API_KEY: optionalSecret(),
  OPENAI_BASE_URL: httpUrl('https://api.openai.com/v1'),
  OPENAI_MODEL: nonEmpty('gpt-4o-mini'),
  GEMINI_API_KEY: optionalSecret(),
  GEMINI_BASE_URL: httpUrl('https://generativelanguage.googleapis.com/v1beta'),
  GEMINI_MODEL: nonEmpty('gemini-2.0-flash'),
  // activities and outbound HTTP
  LEADLINE_ACTIVITIES: variable(
    z
      .string()
      .regex(/^\s*[^,\s]+(\s*,\s*[^,\s]+)*\s*$/, {
        error:
          'must be a comma-separated list of module paths or package names (for example ./activities/crm.js,@acme/leadline-activities)',
      })
      .optional(),
  ),
  // Replaced by HTTP_PRIVATE_ALLOWLIST: `true` opened loopback and cloud metadata to every HTTP step
  // of every workspace. Refused with a message naming the replacement, rather than silently ignored.
  HTTP_ALLOW_PRIVATE_NETWORKS: variable(
    z
      .literal('false', {
        error:
          'is no longer supported: list the private hosts or networks HTTP steps and activities may call in HTTP_PRIVATE_ALLOWLIST (for example crm.lan,10.1.0.0/16); cloud metadata addresses stay blocked',
      })
      .optional(),
  ),
  HTTP_PRIVATE_ALLOWLIST: variable(
    z
      .string()
      .refine((value) => splitList(value).every(isAllowlistEntry), {
        error:
          'must be a comma-separated list of host names, IP addresses or CIDR ranges (for example crm.lan,192.168.1.20,10.1.0.0/16)',
      })
      .optional(),
  ),
  // security
  ENCRYPTION_KEY: encryptionKey,
  ENCRYPTION_KEYS_PREVIOUS: variable(
    z
      .string()
      .regex(/^\s*([A-Za-z0-9+/]{43}=)(\s*,\s*[A-Za-z0-9+/]{43}=)*\s*$/, {
        error:
          'must be a comma-separated list of base64 keys of 32 bytes (the keys ENCRYPTION_KEY had before)',
      })
      .optional(),
  ),
  JWT_SECRET: jwtSecret,
  // data retention (days; 0 keeps for ever) and outbound events
  RETENTION_MESSAGES_DAYS: integer(0, 36_500, 0),
  RETENTION_RUN_EVENTS_DAYS: integer(0, 36_500, 90),
  RETENTION_AUDIT_DAYS: integer(0, 36_500, 90),
  RETENTION_ENGINE_EVENTS_DAYS: integer(0, 36_500, 30),
  RETENTION_OUTBOUND_EVENTS_DAYS: integer(0, 36_500, 30),
  RETENTION_INTERVAL_MINUTES: integer(1, 10_080, 60),
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: variable(
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  WEBHOOK_TIMEOUT_MS: integer(1_000, 60_000, 10_000),
  // The workspace (slug) whose owners and admins may open the queue dashboard (/admin/queues): it shows
  // every workspace's jobs, so it belongs to whoever runs this instance. Unset: no dashboard.
  QUEUE_DASHBOARD_TENANT: variable(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
        error: 'must be a workspace slug (lower-case letters, digits, -)',
      })
      .optional(),
  ),
  // editor
  EDITOR_PORT: port(5173),
  // tests: lets a browser test move the API's and worker's clock forward (never in production)
  LEADLINE_TEST_CLOCK: variable(
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  // notifications: where links in e-mails and pushes point (the web app), SMTP, web push (VAPID)
  APP_URL: httpUrl('http://localhost:5173'),
  SMTP_URL: variable(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional()),
  MAIL_FROM: nonEmpty('Leadline <notifications@leadline.localhost>'),
  VAPID_PUBLIC_KEY: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, {
        error: 'must be a URL-safe base64 P-256 public key (npx web-push generate-vapid-keys)',
      })
      .optional(),
  ),
  VAPID_PRIVATE_KEY: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, {
        error: 'must be a URL-safe base64 P-256 private key (npx web-push generate-vapid-keys)',
      })
      .optional(),
  ),
  VAPID_SUBJECT: variable(
    z
      .string()
      .regex(/^(mailto:|https:\/\/)\S+$/, { error: 'must be a mailto: or https:// address' })
      .default('mailto:notifications@leadline.localhost'),
  ),
});

interface ProductionIssue {
  variable: 'ENCRYPTION_KEY' | 'JWT_SECRET' | 'LEADLINE_TEST_CLOCK' | 'VAPID_PRIVATE_KEY';
  message: string;
}

/**
 * Secrets that may fall back to development values everywhere except production.
 * Kept outside the zod object so these problems are reported together with field errors
 * (zod skips object-level refinements once any field has failed).
 */
export function productionRequirementIssues(
  raw: Readonly<Record<string, string | undefined>>,
): ProductionIssue[] {
  if (raw.NODE_ENV?.trim() !== 'production') return [];
  const rules: Array<[variable: ProductionIssue['variable'], developmentValue: string, hint: string]> = [
    ['ENCRYPTION_KEY', DEVELOPMENT_ENCRYPTION_KEY, 'openssl rand -base64 32'],
    ['JWT_SECRET', DEVELOPMENT_JWT_SECRET, 'openssl rand -base64 48'],
  ];
  const issues: ProductionIssue[] = [];
  if (raw.LEADLINE_TEST_CLOCK?.trim() === 'true') {
    issues.push({
      variable: 'LEADLINE_TEST_CLOCK',
      message: 'must not be true when NODE_ENV=production (it lets a caller move the clock)',
    });
  }
  for (const [variable, developmentValue, hint] of rules) {
    const value = blankToUndefined(raw[variable]);
    if (value === undefined) {
      issues.push({ variable, message: `is required when NODE_ENV=production (generate one with: ${hint})` });
    } else if (value === developmentValue) {
      issues.push({
        variable,
        message: 'must not be the built-in development value when NODE_ENV=production',
      });
    }
  }
  // Web push is optional in production (off without keys), but never with the public development pair.
  if (blankToUndefined(raw.VAPID_PRIVATE_KEY) === DEVELOPMENT_VAPID_KEYS.privateKey) {
    issues.push({
      variable: 'VAPID_PRIVATE_KEY',
      message: 'must not be the built-in development value when NODE_ENV=production',
    });
  }
  return issues;
}

export type Env = z.infer<typeof envSchema>;
export type NodeEnv = (typeof NODE_ENVS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type EngineMode = (typeof ENGINE_MODES)[number];

/** Every variable the schema knows, in declaration order. */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);
