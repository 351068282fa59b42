import { withTenant, type PrismaClient } from '@leadline/database';
import type { ActivityHandler, ActivityOutcome } from '@leadline/engine';
import { OutboundRequestRefusedError, ResponseTooLargeError, type SafeFetch } from '@leadline/safe-http';
import type { SecretBox } from '@leadline/secrets';
import type { Logger } from 'pino';
import { describeUrl, fillSecrets, httpStepOutput, secretNamesIn, type FilledRequest } from './http-request';
import { readTenantSecrets, withoutSecrets } from './tenant-secrets';

export interface HttpActivityDeps {
  prisma: PrismaClient;
  /** Opens the workspace secrets the request names. */
  secrets: SecretBox;
  /** The SSRF-guarded fetch (HTTP_PRIVATE_ALLOWLIST names the private hosts it may reach). */
  fetch: SafeFetch;
  logger?: Pick<Logger, 'warn'>;
}

/** A step's `timeout` is capped here: a flow cannot hold a worker slot for hours. */
export const MAX_HTTP_TIMEOUT_MS = 60_000;

function fail(code: string, message: string): ActivityOutcome {
  return { ok: false, error: { code, message } };
}

/**
 * Runs the `http` step: fills in `{{secrets.NAME}}` from the workspace's secrets where the flow
 * author wrote it (the request's secret slots; only here, in memory: never in run state or logs), sends the request through the guarded fetch and saves
 * `{ status, headers, body }`. Every failure — refused address, timeout, non-2xx answer, missing
 * secret — is final and takes the `error` port: an HTTP call may not be safe to repeat.
 */
export function createHttpActivity(deps: HttpActivityDeps): ActivityHandler {
  return async (job) => {
    const { request } = job;
    if (request.kind !== 'http')
      return fail('ACTIVITY_UNAVAILABLE', `The HTTP handler cannot run "${request.kind}" steps.`);
    const where = `${request.method} ${describeUrl(request.url)}`;
    const names = secretNamesIn(request);
    const secrets = names.length
      ? await withTenant(deps.prisma, job.tenantId, (tx) => readTenantSecrets(tx, deps.secrets, names))
      : {};
    const missing = names.filter((name) => secrets[name] === undefined);
    if (missing.length > 0) {
      return fail(
        'HTTP_SECRET_MISSING',
        `${where}: this workspace has no secret named ${missing.map((name) => `"${name}"`).join(', ')}.`,
      );
    }

    let filled: FilledRequest;
    try {
      filled = fillSecrets(request, secrets);
    } catch (error) {
      return fail('HTTP_FAILED', `${where}: ${(error as Error).message}.`);
    }
    const headers = new Headers();
    try {
      for (const [name, value] of Object.entries(filled.headers)) headers.set(name, value);
    } catch {
      return fail('HTTP_FAILED', `${where}: a header name or value is not valid.`);
    }
    const hasBody = request.body !== undefined && request.method !== 'GET';
    if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
    if (!headers.has('accept')) headers.set('accept', 'application/json, text/plain;q=0.9, */*;q=0.5');
    const timeoutMs = Math.min(Math.max(request.timeoutMs, 1), MAX_HTTP_TIMEOUT_MS);
    const signal = AbortSignal.timeout(timeoutMs);

    try {
      const response = await deps.fetch(filled.url, {
        method: request.method,
        headers,
        ...(hasBody ? { body: JSON.stringify(filled.body) } : {}),
        signal,
      });
      const output = httpStepOutput(
        response.status,
        response.headers.get('content-type'),
        await response.text(),
      );
      if (response.status < 200 || response.status > 299) {
        return fail(
          'HTTP_STATUS',
          `${where} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
        );
      }
      return { ok: true, output };
    } catch (error) {
      // The refusal names the filled-in host: a secret in the URL must not reach the run's error.
      if (error instanceof OutboundRequestRefusedError)
        return fail(error.code, withoutSecrets(`${where}: ${error.message}.`, secrets));
      if (error instanceof ResponseTooLargeError) return fail(error.code, `${where}: ${error.message}.`);
      if (signal.aborted)
        return fail('HTTP_TIMEOUT', `${where} did not answer within ${timeoutMs / 1000} s.`);
      if ((error as { code?: string }).code === 'ERR_INVALID_URL')
        return fail('HTTP_FAILED', `${request.method}: the URL of this step is not valid.`);
      const reason =
        error instanceof Error ? ((error as { code?: string }).code ?? error.message) : String(error);
      deps.logger?.warn(
        { tenantId: job.tenantId, runId: job.runId, nodeId: job.nodeId, reason },
        'HTTP step failed',
      );
      return fail('HTTP_FAILED', withoutSecrets(`${where} failed: ${reason}.`, secrets));
    }
  };
}
