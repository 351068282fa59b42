import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { lastRedisError, withDeadline } from './connections';
import { scrubErrorMessage } from './redact';

export type CheckResult = { status: 'up' } | { status: 'down'; reason: string };
export type DependencyCheck = () => Promise<CheckResult>;

export const DEFAULT_CHECK_TIMEOUT_MS = 1500;

function down(err: unknown, secrets: readonly string[]): CheckResult {
  const message = err instanceof Error ? err.message || err.name : String(err);
  return { status: 'down', reason: scrubErrorMessage(message, secrets) };
}

/** `SELECT 1` through the pool, bounded by `timeoutMs`. */
export function postgresCheck(
  pool: Pool,
  options: { timeoutMs?: number; secrets?: string[] } = {},
): DependencyCheck {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  return async () => {
    try {
      const result = await withDeadline(pool.query('SELECT 1'), timeoutMs);
      if (result === 'timeout') return { status: 'down', reason: `no answer within ${timeoutMs} ms` };
      return { status: 'up' };
    } catch (err) {
      return down(err, options.secrets ?? []);
    }
  };
}

/** Resolves true once the client is ready, false after `ms`; never leaves a listener behind. */
function waitUntilReady(client: Redis, ms: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, ms);
    client.once('ready', onReady);
  });
}

/**
 * `PING` bounded by `timeoutMs`. A client that is still (re)connecting gets the budget to
 * become ready, so a probe right after start-up does not fail spuriously.
 */
export function redisCheck(
  client: Redis,
  options: { timeoutMs?: number; secrets?: string[] } = {},
): DependencyCheck {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const secrets = options.secrets ?? [];
  return async () => {
    const started = Date.now();
    try {
      if (!(await waitUntilReady(client, timeoutMs))) {
        const cause = lastRedisError(client);
        return cause
          ? down(cause, secrets)
          : { status: 'down', reason: `not connected within ${timeoutMs} ms` };
      }
      const remaining = Math.max(timeoutMs - (Date.now() - started), 100);
      const result = await withDeadline(client.ping(), remaining);
      return result === 'timeout'
        ? { status: 'down', reason: `no answer within ${timeoutMs} ms` }
        : { status: 'up' };
    } catch (err) {
      return down(err, secrets);
    }
  };
}

export interface ReadinessReport {
  ready: boolean;
  body: {
    status: 'ready' | 'not_ready';
    checks: Record<string, 'up' | 'down'>;
    /** Only for failing checks: a short reason, scrubbed of credentials. */
    reasons?: Record<string, string>;
  };
}

/** Runs all checks in parallel; ready only when every one is up. */
export async function runReadinessChecks(checks: Record<string, DependencyCheck>): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => checks[name]()));
  const body: ReadinessReport['body'] = { status: 'ready', checks: {} };
  results.forEach((result, index) => {
    const name = names[index];
    body.checks[name] = result.status;
    if (result.status === 'down') {
      body.status = 'not_ready';
      body.reasons = { ...body.reasons, [name]: result.reason };
    }
  });
  return { ready: body.status === 'ready', body };
}
