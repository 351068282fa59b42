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
}

function isInstalled(moduleName: string): boolean {
  try {
    require.resolve(moduleName);
    return true;
  } catch {
    return false;
  }
}

/**
 * The root pino logger of a process. Pretty output only for a developer watching a terminal
 * (TTY + NODE_ENV=development + pino-pretty installed); JSON lines everywhere else.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service, pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
  };
  if (settings.destination) return pino(options, settings.destination);
  if (process.stdout.isTTY && settings.nodeEnv === 'development' && isInstalled('pino-pretty')) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(options);
}
