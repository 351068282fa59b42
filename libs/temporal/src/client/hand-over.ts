import type { PrismaClient } from '@leadline/database';

/**
 * How long a step the embedded engine published is left to it before the Temporal engine takes it
 * over. An embedded worker still draining runs a queued step within this (its retries back off to
 * about a minute); after it, nothing will: the embedded workers are gone.
 */
export const HAND_OVER_AFTER_MS = 5 * 60_000;
/** Older steps are not handed over (the embedded engine's own republish horizon, REPUBLISH_HORIZON_MS). */
const HAND_OVER_HORIZON_MS = 6 * 3_600_000;

/**
 * Engine switch, embedded → Temporal: hands over the AI, document, HTTP and custom steps the embedded
 * engine had queued to BullMQ (its outbox row published) and that no embedded worker ran: no result
 * recorded for the request, its run still going, published more than `afterMs` ago. Their outbox
 * rows become unpublished again, so the contact's next processContact hands them to `runStep` (the
 * same runActivity), and the contacts are returned to be woken. A step the Temporal engine carries
 * out is only marked published once its result is recorded, so it never matches. Should an embedded
 * worker still run one too, its result is recorded once (dedupe key `activity.<requestId>`).
 * Runs across tenants with the worker's client, like the sweep; at most `limit` rows a call.
 */
export async function handOverEmbeddedSteps(
  prisma: PrismaClient,
  options: { now?: Date; afterMs?: number; limit?: number } = {},
): Promise<Array<{ tenantId: string; contactId: string }>> {
  const now = options.now ?? new Date();
  const before = new Date(now.getTime() - (options.afterMs ?? HAND_OVER_AFTER_MS));
  const since = new Date(now.getTime() - HAND_OVER_HORIZON_MS);
  const rows = await prisma.$queryRaw<Array<{ tenant_id: string; contact_id: string }>>`
    UPDATE outbox o SET published_at = NULL
    WHERE o.id IN (
      SELECT s.id FROM outbox s
      WHERE s.kind = 'activity' AND s.published_at >= ${since} AND s.published_at < ${before}
        AND NOT EXISTS (
          SELECT 1 FROM contact_events e
          WHERE e.tenant_id = s.tenant_id AND e.dedupe_key = 'activity.' || (s.payload->>'requestId'))
        AND EXISTS (
          SELECT 1 FROM flow_runs r
          WHERE r.id = (s.payload->>'runId')::uuid AND r.tenant_id = s.tenant_id
            AND r.contact_id = (s.payload->>'contactId')::uuid AND r.status IN ('running', 'waiting'))
      ORDER BY s.id LIMIT ${options.limit ?? 500})
    RETURNING o.tenant_id, o.payload->>'contactId' AS contact_id`;
  const seen = new Map<string, { tenantId: string; contactId: string }>();
  for (const row of rows)
    seen.set(`${row.tenant_id}:${row.contact_id}`, { tenantId: row.tenant_id, contactId: row.contact_id });
  return [...seen.values()];
}
