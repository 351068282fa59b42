import { ConfigError, formatConfigError } from './config-error';
import {
  DEVELOPMENT_ENCRYPTION_KEY,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_VAPID_KEYS,
} from './development-secrets';
import { loadConfig } from './load-config';

const VALID_KEY = Buffer.alloc(32, 7).toString('base64');
const VALID_JWT = 'j'.repeat(40);
// A VAPID key pair of our own (not the development one), so no warning is expected.
const VALID_VAPID = {
  VAPID_PUBLIC_KEY: 'B' + 'x'.repeat(86),
  VAPID_PRIVATE_KEY: 'y'.repeat(43),
};

function issuesOf(env: Record<string, string | undefined>): Map<string, string> {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return new Map((err as ConfigError).issues.map((issue) => [issue.variable, issue.message]));
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig defaults', () => {
  it('runs locally with an empty environment', () => {
    const config = loadConfig({});
    expect(config.server).toEqual({
      nodeEnv: 'development',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
      workerHealthPort: 3001,
      shutdownTimeoutMs: 10000,
      trustProxy: false,
      // The development secrets are public: only this machine may connect.
      listenHost: '127.0.0.1',
      loopbackOnly: true,
    });
    expect(config.database.url).toBe('postgresql://postgres:postgres@127.0.0.1:5432/leadline');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.engine).toEqual({
      mode: 'embedded',
      ingestBatchMs: 2,
      temporal: {
        address: 'localhost:7233',
        namespace: 'default',
        taskQueue: 'leadline',
        tls: false,
        searchAttributes: false,
      },
    });
    expect(config.whatsapp.meta).toMatchObject({
      graphUrl: 'https://graph.facebook.com',
      graphVersion: 'v25.0',
    });
    expect(config.whatsapp.meta.appSecret).toBeUndefined();
    expect(config.whatsapp.meta.verifyToken).toBeUndefined();
    expect(config.whatsapp.twilio.apiUrl).toBe('https://api.twilio.com');
    expect(config.ai.openai).toMatchObject({ model: 'gpt-4o-mini', apiKey: undefined });
    expect(config.ai.gemini).toMatchObject({ model: 'gemini-2.0-flash', apiKey: undefined });
    expect(config.editor.port).toBe(5173);
  });

  it('falls back to labelled development secrets and says so', () => {
    const config = loadConfig({});
    expect(config.security.encryptionKey).toBe(DEVELOPMENT_ENCRYPTION_KEY);
    expect(Buffer.from(config.security.encryptionKey, 'base64').toString()).toMatch(/DEVELOPMENT-ONLY/);
    expect(config.security.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(config.security.usingDevelopmentSecrets).toBe(true);
    expect(config.warnings).toEqual([
      expect.stringMatching(/^ENCRYPTION_KEY/),
      expect.stringMatching(/^JWT_SECRET/),
      expect.stringMatching(/^VAPID_PUBLIC_KEY.*DEVELOPMENT/),
      expect.stringMatching(/^Development secrets in use: listening on loopback only/),
    ]);
  });

  it('has no warnings once real secrets are provided', () => {
    const config = loadConfig({ ENCRYPTION_KEY: VALID_KEY, JWT_SECRET: VALID_JWT, ...VALID_VAPID });
    expect(config.security).toEqual({
      encryptionKey: VALID_KEY,
      previousEncryptionKeys: [],
      jwtSecret: VALID_JWT,
      usingDevelopmentSecrets: false,
    });
    expect(config.warnings).toEqual([]);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '  ', NODE_ENV: '' });
    expect(config.server.port).toBe(3000);
    expect(config.server.nodeEnv).toBe('development');
    expect(config.database.url).toBe('postgresql://postgres:postgres@127.0.0.1:5432/leadline');
  });

  it('coerces numbers and maps every group', () => {
    const config = loadConfig({
      PORT: '8080',
      WORKER_HEALTH_PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '2500',
      EDITOR_PORT: '5999',
      PUBLIC_URL: 'https://leadline.example.com/',
      LEADLINE_ENGINE: 'temporal',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      META_APP_SECRET: 'app-secret',
      META_APP_ID: '1234567890',
      META_EMBEDDED_SIGNUP_CONFIG_ID: '987654321',
      OPENAI_API_KEY: 'sk-test',
      LOG_LEVEL: 'debug',
    });
    expect(config.server).toMatchObject({ port: 8080, workerHealthPort: 0, shutdownTimeoutMs: 2500 });
    expect(config.server.publicUrl).toBe('https://leadline.example.com');
    expect(config.server.logLevel).toBe('debug');
    expect(config.editor.port).toBe(5999);
    expect(config.engine.mode).toBe('temporal');
    expect(config.engine.temporal.address).toBe('temporal.internal:7233');
    expect(config.whatsapp.meta.appSecret).toBe('app-secret');
    expect(config.whatsapp.meta).toMatchObject({ appId: '1234567890', embeddedSignupConfigId: '987654321' });
    expect(config.ai.openai.apiKey).toBe('sk-test');
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.engine.temporal as { address: string }).address = 'x:1';
    }).toThrow(TypeError);
    expect(Object.isFrozen(config.warnings)).toBe(true);
  });
});

describe('loadConfig rejects bad values by variable name', () => {
  it.each([
    ['NODE_ENV', 'staging', /must be one of: development, test, production \(got "staging"\)/],
    ['PORT', 'abc', /must be a whole number between 0 and 65535 \(got "abc"\)/],
    ['PORT', '70000', /between 0 and 65535/],
    ['PORT', '80.5', /whole number/],
    ['WORKER_HEALTH_PORT', '-1', /between 0 and 65535/],
    ['EDITOR_PORT', 'vite', /whole number/],
    ['SHUTDOWN_TIMEOUT_MS', 'soon', /whole number between 0 and 600000/],
    ['PUBLIC_URL', 'localhost:3000', /must be an http:\/\/ or https:\/\/ URL/],
    ['LOG_LEVEL', 'verbose', /must be one of: fatal, error, warn, info, debug, trace, silent/],
    ['DATABASE_URL', 'mysql://x', /^must be a postgres:\/\/ or postgresql:\/\/ URL \(got "mysql:\/\/x"\)$/],
    ['REDIS_URL', 'http://127.0.0.1:6379', /must be a redis:\/\/ or rediss:\/\/ URL/],
    ['LEADLINE_ENGINE', 'cron', /must be one of: embedded, temporal/],
    ['TEMPORAL_ADDRESS', 'localhost', /must be host:port/],
    ['META_GRAPH_URL', 'graph.facebook.com', /http:\/\/ or https:\/\//],
    ['META_GRAPH_VERSION', '25', /must look like v25.0/],
    ['TWILIO_API_URL', 'ftp://api.twilio.com', /http:\/\/ or https:\/\//],
    ['META_APP_ID', 'my-app', /must be the numeric Meta app id/],
    ['META_EMBEDDED_SIGNUP_CONFIG_ID', '12 34', /must be the numeric configuration id/],
    ['OPENAI_BASE_URL', 'nope', /URL/],
    ['GEMINI_BASE_URL', 'nope', /URL/],
    ['ENCRYPTION_KEY', 'not base64!', /not valid base64/],
    ['ENCRYPTION_KEY', Buffer.alloc(16).toString('base64'), /exactly 32 bytes, but decodes to 16 bytes/],
    ['JWT_SECRET', 'too-short', /at least 32 characters long \(got 9;/],
    ['LEADLINE_ACTIVITIES', './a.js,,./b.js', /comma-separated list of module paths or package names/],
    ['HTTP_ALLOW_PRIVATE_NETWORKS', 'true', /no longer supported: .*HTTP_PRIVATE_ALLOWLIST/],
    ['HTTP_PRIVATE_ALLOWLIST', 'crm.lan,10.0.0.0/33', /host names, IP addresses or CIDR ranges/],
    ['HTTP_PRIVATE_ALLOWLIST', 'http://crm.lan', /host names, IP addresses or CIDR ranges/],
    ['HTTP_PRIVATE_ALLOWLIST', 'crm.lan/8', /host names, IP addresses or CIDR ranges/],
  ])('%s=%j', (variable, value, expected) => {
    const issues = issuesOf({ [variable]: value });
    expect([...issues.keys()]).toEqual([variable]);
    expect(issues.get(variable)).toMatch(expected);
  });

  it('lists every bad variable at once, not just the first', () => {
    const issues = issuesOf({
      PORT: 'x',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      LEADLINE_ENGINE: '?',
    });
    expect([...issues.keys()].sort()).toEqual(['DATABASE_URL', 'LEADLINE_ENGINE', 'LOG_LEVEL', 'PORT']);
  });

  it('shortens very long rejected values', () => {
    const issues = issuesOf({ PUBLIC_URL: 'x'.repeat(500) });
    expect(issues.get('PUBLIC_URL')!.length).toBeLessThan(200);
  });
});

describe('where the servers listen', () => {
  const real = { ENCRYPTION_KEY: VALID_KEY, JWT_SECRET: VALID_JWT, ...VALID_VAPID };

  it.each([
    ['no secrets', {}],
    ['only a real JWT_SECRET', { JWT_SECRET: VALID_JWT }],
    ['only a real ENCRYPTION_KEY', { ENCRYPTION_KEY: VALID_KEY }],
    [
      'the development values set explicitly',
      { ENCRYPTION_KEY: DEVELOPMENT_ENCRYPTION_KEY, JWT_SECRET: DEVELOPMENT_JWT_SECRET },
    ],
  ])('listens on loopback only with %s, and says so', (_case, env) => {
    const config = loadConfig(env);
    expect(config.server).toMatchObject({ listenHost: '127.0.0.1', loopbackOnly: true });
    expect(config.security.usingDevelopmentSecrets).toBe(true);
    expect(config.warnings).toContainEqual(
      expect.stringMatching(/listening on loopback only \(127\.0\.0\.1\)/),
    );
  });

  it('refuses LISTEN_HOST beyond loopback while a development secret is in use, naming the variables', () => {
    const issues = issuesOf({ LISTEN_HOST: '0.0.0.0', JWT_SECRET: VALID_JWT });
    expect(issues.get('LISTEN_HOST')).toMatch(
      /must be a loopback address .* development JWT_SECRET or ENCRYPTION_KEY/,
    );
    expect(loadConfig({ LISTEN_HOST: '::1' }).server).toMatchObject({
      listenHost: '::1',
      loopbackOnly: true,
    });
  });

  it('listens on every interface with real secrets, or where LISTEN_HOST says', () => {
    const everywhere = loadConfig(real);
    expect(everywhere.server.listenHost).toBeUndefined();
    expect(everywhere.server.loopbackOnly).toBe(false);
    expect(everywhere.warnings).toEqual([]);
    expect(loadConfig({ ...real, LISTEN_HOST: '10.0.0.5' }).server.listenHost).toBe('10.0.0.5');
    expect(issuesOf({ ...real, LISTEN_HOST: 'not a host!' }).get('LISTEN_HOST')).toMatch(
      /IP address or host name/,
    );
  });
});

describe('production requirements', () => {
  it('requires ENCRYPTION_KEY and JWT_SECRET', () => {
    const issues = issuesOf({ NODE_ENV: 'production' });
    expect(issues.get('ENCRYPTION_KEY')).toMatch(/required when NODE_ENV=production/);
    expect(issues.get('JWT_SECRET')).toMatch(/required when NODE_ENV=production/);
  });

  it('refuses the built-in development values', () => {
    const issues = issuesOf({
      NODE_ENV: 'production',
      ENCRYPTION_KEY: DEVELOPMENT_ENCRYPTION_KEY,
      JWT_SECRET: DEVELOPMENT_JWT_SECRET,
    });
    expect(issues.get('ENCRYPTION_KEY')).toMatch(/must not be the built-in development value/);
    expect(issues.get('JWT_SECRET')).toMatch(/must not be the built-in development value/);
  });

  it('reports missing secrets together with other bad variables', () => {
    const issues = issuesOf({ NODE_ENV: 'production', PORT: 'x', JWT_SECRET: VALID_JWT });
    expect([...issues.keys()].sort()).toEqual(['ENCRYPTION_KEY', 'PORT']);
  });

  it('starts with real secrets and without warnings', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      ENCRYPTION_KEY: VALID_KEY,
      JWT_SECRET: VALID_JWT,
      ...VALID_VAPID,
    });
    expect(config.server.nodeEnv).toBe('production');
    expect(config.security.usingDevelopmentSecrets).toBe(false);
    expect(config.warnings).toEqual([]);
  });

  it('refuses the test clock in production, and keeps it off unless a test turns it on', () => {
    const issues = issuesOf({
      NODE_ENV: 'production',
      ENCRYPTION_KEY: VALID_KEY,
      JWT_SECRET: VALID_JWT,
      LEADLINE_TEST_CLOCK: 'true',
    });
    expect(issues.get('LEADLINE_TEST_CLOCK')).toMatch(/must not be true when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'test' }).testClock).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', LEADLINE_TEST_CLOCK: 'true' }).testClock).toBe(true);
  });

  it('turns web push off without VAPID keys and refuses the development pair', () => {
    const base = { NODE_ENV: 'production', ENCRYPTION_KEY: VALID_KEY, JWT_SECRET: VALID_JWT };
    const config = loadConfig(base);
    expect(config.notifications.vapid).toBeUndefined();
    expect(config.warnings).toEqual([expect.stringMatching(/web push notifications are off/)]);
    const issues = issuesOf({
      ...base,
      VAPID_PUBLIC_KEY: DEVELOPMENT_VAPID_KEYS.publicKey,
      VAPID_PRIVATE_KEY: DEVELOPMENT_VAPID_KEYS.privateKey,
    });
    expect(issues.get('VAPID_PRIVATE_KEY')).toMatch(/must not be the built-in development value/);
  });

  it('does not demand secrets outside production', () => {
    expect(() => loadConfig({ NODE_ENV: 'test' })).not.toThrow();
  });
});

describe('secrets never appear in error messages', () => {
  function allText(env: Record<string, string>): string {
    try {
      loadConfig(env);
    } catch (err) {
      const configError = err as ConfigError;
      return [configError.message, formatConfigError(configError), JSON.stringify(configError.issues)].join(
        '\n',
      );
    }
    throw new Error('expected loadConfig to throw');
  }

  it('does not echo a malformed ENCRYPTION_KEY or JWT_SECRET', () => {
    const text = allText({ ENCRYPTION_KEY: 'TOPSECRETKEYVALUE', JWT_SECRET: 'TOPSECRETJWT' });
    expect(text).toContain('ENCRYPTION_KEY');
    expect(text).toContain('JWT_SECRET');
    expect(text).not.toContain('TOPSECRETKEYVALUE');
    expect(text).not.toContain('TOPSECRETJWT');
  });

  it('does not echo development secrets rejected in production', () => {
    const text = allText({
      NODE_ENV: 'production',
      ENCRYPTION_KEY: DEVELOPMENT_ENCRYPTION_KEY,
      JWT_SECRET: DEVELOPMENT_JWT_SECRET,
    });
    expect(text).not.toContain(DEVELOPMENT_ENCRYPTION_KEY);
    expect(text).not.toContain(DEVELOPMENT_JWT_SECRET);
  });

  it('masks passwords inside rejected URLs', () => {
    const text = allText({
      DATABASE_URL: 'mysql://admin:hunter2pw@db:3306/x',
      REDIS_URL: 'http://:redispw@cache',
    });
    expect(text).toContain('mysql://admin:***@db:3306/x');
    expect(text).not.toContain('hunter2pw');
    expect(text).not.toContain('redispw');
  });
});

describe('formatConfigError', () => {
  it('prints a short header, one line per variable and where to fix it', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://nope', PORT: 'x' });
    } catch (err) {
      message = formatConfigError(err);
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid configuration (2 problems):');
    expect(lines).toContain(
      '  - DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://nope")',
    );
    expect(message).toMatch(/\.env\.example/);
    expect(message).not.toMatch(/\n\s+at /);
    expect(lines.length).toBeLessThan(25);
  });

  it('describes errors that are not ConfigErrors without a stack trace', () => {
    expect(formatConfigError(new Error('boom'))).toBe('Invalid configuration: boom');
  });
});

describe('ENCRYPTION_KEYS_PREVIOUS', () => {
  const OLD = Buffer.alloc(32, 3).toString('base64');
  const OLDER = Buffer.alloc(32, 4).toString('base64');

  it('lists the keys that sealed older secrets', () => {
    const config = loadConfig({ ENCRYPTION_KEYS_PREVIOUS: ` ${OLD} , ${OLDER} ` });
    expect(config.security.previousEncryptionKeys).toEqual([OLD, OLDER]);
  });

  it('names the variable, never its value, when a key is not 32 bytes of base64', () => {
    expect(() => loadConfig({ ENCRYPTION_KEYS_PREVIOUS: `${OLD},c2hvcnQ=` })).toThrow(
      /ENCRYPTION_KEYS_PREVIOUS/,
    );
    try {
      loadConfig({ ENCRYPTION_KEYS_PREVIOUS: `${OLD},c2hvcnQ=` });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('c2hvcnQ=');
    }
  });
});

describe('activities and outbound HTTP', () => {
  it('loads no custom activity modules and refuses private networks by default', () => {
    const config = loadConfig({});
    expect(config.activities).toEqual({ modules: [] });
    expect(config.http).toEqual({ privateAllowlist: [] });
  });

  it('splits LEADLINE_ACTIVITIES and HTTP_PRIVATE_ALLOWLIST', () => {
    const config = loadConfig({
      LEADLINE_ACTIVITIES: ' ./activities/crm.js , @acme/leadline-activities ',
      HTTP_PRIVATE_ALLOWLIST: ' crm.lan, 192.168.1.20 ,10.1.0.0/16,fd12::/64 ',
      HTTP_ALLOW_PRIVATE_NETWORKS: 'false',
    });
    expect(config.activities.modules).toEqual(['./activities/crm.js', '@acme/leadline-activities']);
    expect(config.http.privateAllowlist).toEqual(['crm.lan', '192.168.1.20', '10.1.0.0/16', 'fd12::/64']);
  });
});
