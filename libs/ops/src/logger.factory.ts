import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Headers that carry credentials or signatures; their values never reach the logs. */
export const REDACTED_HEADERS = [
  'authorization',
  'cookie',
  'x-hub-signature-256',
  'x-twilio-signature',
  'x-api-key',
];

export const REDACT_PATHS = [
  ...REDACTED_HEADERS.map((header) => `req.headers["${header}"]`),
  'res.headers["set-cookie"]',
];

export interface LoggerSettings {
  level: string;
  nodeEnv: string;
  /** Becomes the `service` field of every line, e.g. `api` or `worker`. */
  service: string;
  /** Where to write; defaults to stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
  /** LOG_FORMAT: `pretty` (one readable line per entry) or `json`; unset: see createLogger. */
  format?: 'json' | 'pretty';
}

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

/** pino-pretty, a development dependency: absent from a production install. */
function loadPretty(): PrettyFactory | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('pino-pretty') as PrettyFactory | { default: PrettyFactory };
    return typeof loaded === 'function' ? loaded : loaded.default;
  } catch {
    return undefined;
  }
}

/**
 * The root pino logger of a process. Readable lines for a developer (LOG_FORMAT=pretty, which
 * `npm start` sets; unset: NODE_ENV=development in a terminal), JSON lines everywhere else and always
 * in production, where log collectors parse them. Pretty printing runs in this thread (no transport
 * worker), so lines keep their order with the process's other output.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service, pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
  };
  const wantsPretty =
    settings.nodeEnv !== 'production' &&
    (settings.format === 'pretty' ||
      (settings.format === undefined &&
        settings.nodeEnv === 'development' &&
        !settings.destination &&
        process.stdout.isTTY));
  const pretty = wantsPretty ? loadPretty() : undefined;
  if (pretty) {
    return pino(
      options,
      pretty({
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
        messageFormat: '{service} | {msg}',
        ...(settings.destination ? { destination: settings.destination } : {}),
      }),
    );
  }
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
