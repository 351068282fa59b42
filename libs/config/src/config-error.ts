import { SECRET_VARIABLES } from './env.schema';

export interface ConfigIssue {
  /** The environment variable at fault, e.g. `DATABASE_URL`. */
  readonly variable: string;
  /** What is wrong, safe to print: never contains a secret value. */
  readonly message: string;
}

/** Thrown by loadConfig() with every invalid or missing variable, not just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(describeIssues(issues));
  }
}

function describeIssues(issues: readonly ConfigIssue[]): string {
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return [
    `Invalid configuration (${issues.length} ${noun}):`,
    ...issues.map((issue) => `  - ${issue.variable}: ${issue.message}`),
  ].join('\n');
}

/** A one-screen, stack-free explanation suitable for printing to stderr before exiting. */
export function formatConfigError(err: unknown): string {
  if (!(err instanceof ConfigError)) {
    return `Invalid configuration: ${err instanceof Error ? err.message : String(err)}`;
  }
  return [
    describeIssues(err.issues),
    '',
    'Set these variables in the environment or in .env at the repository root (see .env.example).',
  ].join('\n');
}

const MAX_ECHO_LENGTH = 80;

/**
 * How a rejected value may be shown back to the user: never for secrets, and with any
 * password in a URL (`scheme://user:password@host`) masked.
 */
export function describeRejectedValue(variable: string, value: unknown): string | undefined {
  if (SECRET_VARIABLES.has(variable) || typeof value !== 'string') return undefined;
  const masked = maskUrlPassword(value);
  const shown = masked.length > MAX_ECHO_LENGTH ? `${masked.slice(0, MAX_ECHO_LENGTH)}…` : masked;
  return JSON.stringify(shown);
}

export function maskUrlPassword(value: string): string {
  return value.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/, '$1:***@');
}
