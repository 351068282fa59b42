import {
  activityIdempotencyKey,
  executeActivity,
  type ActivityDefinition,
  type ActivityRegistry,
  type ExecutionContext,
} from '@leadline/activity-sdk';
import { withTenant, type PrismaClient } from '@leadline/database';
import { RetryLaterError, type ActivityHandler, type ActivityOutcome } from '@leadline/engine';
import { OutboundRequestRefusedError, type SafeFetch } from '@leadline/safe-http';
import type { SecretBox } from '@leadline/secrets';
import type { Logger } from 'pino';
import { readTenantSecrets, settingsObject, withoutSecrets } from './tenant-secrets';

export interface CustomActivityDeps {
  prisma: PrismaClient;
  secrets: SecretBox;
  registry: ActivityRegistry;
  /** Given to activities as ctx.fetch: the same outbound rules as HTTP steps. */
  fetch: SafeFetch;
  /** The fetch of one activity (its privateHosts opened, see fetchPerActivity); default `fetch`. */
  fetchFor?: (definition: ActivityDefinition) => SafeFetch;
  logger: Logger;
  /** Aborts running activities when the worker shuts down. */
  signal?: AbortSignal;
}

function fail(code: string, message: string, attempts?: number): ActivityOutcome {
  return { ok: false, error: { code, message, ...(attempts === undefined ? {} : { attempts }) } };
}

/**
 * Runs the `activity` step with the registered custom activity of that name: input checked, then
 * `run` with the workspace's settings and only the secrets the activity declared, bounded by its
 * timeout. A thrown error or a timeout is retried by the queue (or Temporal) as the activity
 * declared; the last attempt's failure, bad input and bad output take the node's `error` port. A
 * request the address policy refused is final at once (ACTIVITY_BLOCKED): retrying cannot help.
 */
export function createCustomActivity(deps: CustomActivityDeps): ActivityHandler {
  return async (job, attempt = 1) => {
    const { request } = job;
    if (request.kind !== 'activity')
      return fail('ACTIVITY_UNAVAILABLE', `The custom activity handler cannot run "${request.kind}" steps.`);
    const definition = deps.registry.get(request.name);
    if (!definition) {
      const known = deps.registry.names();
      // A typo in a flow or a module missing from LEADLINE_ACTIVITIES on this worker: say so in the log.
      deps.logger.warn(
        {
          code: 'UNKNOWN_ACTIVITY',
          activity: request.name,
          tenantId: job.tenantId,
          runId: job.runId,
          nodeId: job.nodeId,
          registered: known,
        },
        'flow asks for a custom activity this worker does not have (check LEADLINE_ACTIVITIES)',
      );
      return fail(
        'UNKNOWN_ACTIVITY',
        `No custom activity named "${request.name}" is registered on this server${known.length ? ` (it has: ${known.join(', ')})` : ''}.`,
      );
    }

    const { settings, secrets } = await withTenant(deps.prisma, job.tenantId, async (tx) => {
      const tenant = await tx.tenant.findUnique({ where: { id: job.tenantId }, select: { settings: true } });
      return {
        settings: settingsObject(tenant?.settings),
        secrets: await readTenantSecrets(tx, deps.secrets, definition.secrets),
      };
    });
    const logger = deps.logger.child({
      activity: definition.name,
      tenantId: job.tenantId,
      runId: job.runId,
      nodeId: job.nodeId,
      attempt,
    });
    // A request the address policy refused will be refused again: the attempt is final, whatever
    // the activity did with the error (rethrown, wrapped, swallowed and failed otherwise).
    let refused: OutboundRequestRefusedError | undefined;
    const fetch = deps.fetchFor?.(definition) ?? deps.fetch;
    const context: ExecutionContext = {
      logger,
      tenant: { id: job.tenantId, settings },
      secrets: Object.freeze({ ...secrets }),
      idempotencyKey: activityIdempotencyKey(job),
      attempt,
      fetch: async (url, init) => {
        try {
          return await fetch(url, init);
        } catch (error) {
          if (error instanceof OutboundRequestRefusedError) refused = error;
          throw error;
        }
      },
      run: { id: job.runId, nodeId: job.nodeId, contactId: job.contactId },
      ...(deps.signal ? { signal: deps.signal } : {}),
    };

    const execution = await executeActivity(definition, request.input, context);
    if (execution.ok) return { ok: true, output: execution.output };
    if (refused && execution.retryable) {
      logger.warn({ code: 'ACTIVITY_BLOCKED', reason: refused.message }, 'custom activity request refused');
      return fail(
        'ACTIVITY_BLOCKED',
        `"${definition.name}" made a request that is not allowed: ${refused.message}.`,
        attempt,
      );
    }
    if (execution.retryable && attempt < definition.retry.attempts) {
      logger.warn(
        { code: execution.code, err: execution.cause },
        'custom activity failed; it will be retried',
      );
      throw new RetryLaterError(withoutSecrets(execution.message, secrets), definition.retry.backoffMs);
    }
    logger.warn({ code: execution.code, err: execution.cause }, 'custom activity failed');
    const tries = execution.retryable && attempt > 1 ? ` (after ${attempt} attempts)` : '';
    return fail(execution.code, withoutSecrets(`${execution.message}${tries}`, secrets), attempt);
  };
}
