import type { EngineMode, LogLevel, NodeEnv } from './env.schema';
import type { TrustProxy } from './trust-proxy';

/** The validated, immutable configuration of every Leadline process. */
export interface AppConfig {
  readonly server: {
    readonly nodeEnv: NodeEnv;
    readonly port: number;
    /** Where users and webhooks reach the API, without a trailing slash. */
    readonly publicUrl: string;
    readonly logLevel: LogLevel;
    /** LOG_FORMAT; unset: pretty in a development terminal, json otherwise. */
    readonly logFormat?: 'json' | 'pretty';
    readonly workerHealthPort: number;
    /**
     * The address the API and the worker's health server listen on; unset: every interface. Loopback
     * whenever a development secret is in use (listen-host.ts).
     */
    readonly listenHost?: string;
    /** True when only this machine can connect (say so in the start-up log). */
    readonly loopbackOnly: boolean;
    readonly shutdownTimeoutMs: number;
    /** Which proxies' X-Forwarded-For the API believes (Express's `trust proxy`); false: none. */
    readonly trustProxy: TrustProxy;
    /** Where SIGUSR2-triggered CPU profiles are written; unset: SIGUSR2 is not handled. */
    readonly cpuProfileDir?: string;
    /** The built web app the API serves (WEB_APP_DIR); unset: dist/web in production, if built. */
    readonly webAppDir?: string;
  };
  readonly database: { readonly url: string };
  readonly redis: { readonly url: string };
  readonly engine: {
    readonly mode: EngineMode;
    /** Group commit for webhook ingest (INGEST_BATCH_MS): ms a batch waits for more; 0 turns it off. */
    readonly ingestBatchMs: number;
    readonly temporal: {
      readonly address: string;
      readonly namespace: string;
      readonly taskQueue: string;
      /** TLS on the connection (on with an API key: Temporal Cloud). */
      readonly tls: boolean;
      /** Start workflows with the LeadlineTenantId/LeadlineContactId search attributes. */
      readonly searchAttributes: boolean;
      readonly apiKey?: string;
      /** Base64 AES-256 key of the payload codec; payloads are plain JSON without it. */
      readonly payloadKey?: string;
      /** host:port of the worker's Prometheus endpoint for the SDK's metrics. */
      readonly metricsBind?: string;
    };
  };
  readonly whatsapp: {
    readonly meta: {
      readonly graphUrl: string;
      readonly graphVersion: string;
      readonly appSecret?: string;
      readonly verifyToken?: string;
      /** The platform's Meta app (Embedded Signup exchanges codes with its id and appSecret). */
      readonly appId?: string;
      /** Facebook Login for Business configuration used by Embedded Signup. */
      readonly embeddedSignupConfigId?: string;
    };
    readonly twilio: { readonly apiUrl: string };
    /** Messages per second each WhatsApp number may send (Meta's default throughput is 80). */
    readonly sendRatePerSecond: number;
  };
  readonly ai: {
    readonly openai: { readonly apiKey?: string; readonly baseUrl: string; readonly model: string };
    readonly gemini: { readonly apiKey?: string; readonly baseUrl: string; readonly model: string };
  };
  readonly activities: {
    /** Custom activity modules to load (LEADLINE_ACTIVITIES), besides the built-in ones. */
    readonly modules: readonly string[];
  };
  readonly http: {
    /**
     * Private hosts, addresses and CIDR ranges HTTP steps and activities may reach (self-hosters'
     * LAN services; HTTP_PRIVATE_ALLOWLIST). Everything else private stays refused, and cloud
     * metadata addresses are refused whatever this says.
     */
    readonly privateAllowlist: readonly string[];
  };
  readonly security: {
    /** base64 of 32 random bytes (AES-256 key). */
    readonly encryptionKey: string;
    /** Earlier encryption keys, still accepted for reading secrets sealed before a rotation. */
    readonly previousEncryptionKeys: readonly string[];
    readonly jwtSecret: string;
    /** True when a built-in development secret is in use (never in production). */
    readonly usingDevelopmentSecrets: boolean;
  };
  readonly editor: { readonly port: number };
  readonly retention: {
    /** Days each kind of data is kept unless a tenant's settings.retention says otherwise; null: for ever. */
    readonly defaults: {
      readonly messagesDays: number | null;
      readonly runEventsDays: number | null;
      readonly auditDays: number | null;
      readonly engineEventsDays: number | null;
      readonly outboundEventsDays: number | null;
    };
    /** Pause between two runs of the worker's retention job. */
    readonly intervalMs: number;
  };
  /** LEADLINE_TEST_CLOCK: the clock's offset can be moved by tests (refused in production). */
  readonly testClock: boolean;
  /** QUEUE_DASHBOARD_TENANT: whose owners and admins may open /admin/queues; null: no dashboard. */
  readonly queueDashboard: { readonly tenantSlug: string } | null;
  readonly webhooks: {
    /** Lets outbound-event subscriptions reach private, loopback and link-local addresses. */
    readonly allowPrivateNetworks: boolean;
    /** Longest wait for a receiver's answer. */
    readonly timeoutMs: number;
  };
  readonly notifications: {
    /** The web app's address, without a trailing slash: links in e-mails and pushes point here. */
    readonly appUrl: string;
    /** Where e-mail goes out (smtp:// or smtps://); unset: no e-mail is sent (npm start sets a dev mailbox). */
    readonly smtpUrl?: string;
    readonly mailFrom: string;
    /** Web push (VAPID) keys, URL-safe base64: the development pair when unset outside production; unset in production: no push. */
    readonly vapid?: { readonly publicKey: string; readonly privateKey: string; readonly subject: string };
  };
  /** Non-fatal problems the process should log at start-up (e.g. development secrets in use). */
  readonly warnings: readonly string[];
}
