import { withTenant, type PrismaClient } from '@leadline/database';
import { z } from 'zod';
import type { SecretBox } from '@leadline/secrets';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './backoff';
import { postJson, type PostResult } from './http-post';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import { openWebhookSecret } from './subscriptions';
import { parseWebhookUrl } from './url-guard';

/** What travels on the webhooks queue: which delivery, in which tenant (parsed by the worker). */
export const deliveryJobSchema = z.object({ tenantId: z.uuid(), deliveryId: z.uuid() });
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

export interface DeliveryOptions {
  prisma: PrismaClient;
  box: SecretBox;
  now: () => Date;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
  maxAttempts?: number;
  backoffBaseMs?: number;
}

/** A queued delivery whose job has not finished after this long was lost (Redis, a crash): queue it again. */
export const REQUEUE_AFTER_MS = 120_000;

/**
 * Claims the deliveries that are due and not queued (or whose queue mark went stale) and returns
 * them for the caller to put on the queue. Runs with the system client: it serves every tenant.
 */
export async function claimDueDeliveries(
  prisma: PrismaClient,
  now: Date,
  limit: number,
  requeueAfterMs = REQUEUE_AFTER_MS,
): Promise<Array<DeliveryJob & { attempt: number }>> {
  const stale = new Date(now.getTime() - requeueAfterMs);
  const rows = await prisma.$queryRaw<Array<{ id: string; tenant_id: string; attempts: number }>>`
    UPDATE webhook_deliveries SET queued_at = ${now}
    WHERE id IN (
      SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (queued_at IS NULL OR queued_at < ${stale})
      ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, tenant_id, attempts`;
  return rows.map((row) => ({ tenantId: row.tenant_id, deliveryId: row.id, attempt: row.attempts + 1 }));
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

/**
 * One attempt: POST the event, signed, to the subscription's URL; log the attempt; then mark the
 * delivery delivered, schedule the next attempt with backoff, or mark it failed after the last one.
 */
export async function attemptDelivery(options: DeliveryOptions, job: DeliveryJob): Promise<DeliveryOutcome> {
  const maxAttempts = options.maxAttempts ?? MAX_DELIVERY_ATTEMPTS;
  const delivery = await withTenant(options.prisma, job.tenantId, (tx) =>
    tx.webhookDelivery.findUnique({
      where: { id: job.deliveryId },
      include: { event: true, subscription: true },
    }),
  );
  if (!delivery || delivery.status !== 'pending') return 'skipped';
  const attempt = delivery.attempts + 1;
  const body = JSON.stringify({
    id: delivery.event.id,
    type: delivery.event.type,
    occurredAt: delivery.event.occurredAt.toISOString(),
    data: delivery.event.payload,
  });
  const sentAt = options.now();
  const timestamp = Math.floor(sentAt.getTime() / 1000);
  let result: PostResult;
  try {
    const secret = openWebhookSecret(options.box, delivery.subscription.sealedSecret);
    result = await postJson(
      parseWebhookUrl(delivery.subscription.url),
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Leadline-Webhooks/1',
        'x-leadline-event': delivery.event.type,
        'x-leadline-event-id': delivery.event.id,
        'x-leadline-delivery': delivery.id,
        'x-leadline-attempt': String(attempt),
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secret, timestamp, body),
      },
      { timeoutMs: options.timeoutMs, allowPrivateNetworks: options.allowPrivateNetworks },
    );
  } catch (error) {
    // A secret that cannot be opened (a key removed too early) or a URL that no longer parses.
    result = { durationMs: 0, error: String((error as Error)?.message ?? error).slice(0, 500) };
  }
  const ok = result.error === undefined;
  const outcome: DeliveryOutcome = ok ? 'delivered' : attempt >= maxAttempts ? 'failed' : 'retry';
  const finishedAt = options.now();
  const recorded = await withTenant(options.prisma, job.tenantId, async (tx) => {
    // Erasing the contact (or deleting the subscription) while the POST was in flight deletes the
    // delivery: there is nothing left to log against.
    const still = await tx.webhookDelivery.findUnique({ where: { id: delivery.id }, select: { id: true } });
    if (!still) return false;
    await tx.webhookDeliveryAttempt.create({
      data: {
        tenantId: job.tenantId,
        deliveryId: delivery.id,
        attempt,
        at: sentAt,
        statusCode: result.statusCode ?? null,
        durationMs: result.durationMs,
        error: result.error ?? null,
      },
    });
    // Conditional on the attempt count, so a duplicate job for the same attempt changes nothing more.
    await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: 'pending', attempts: delivery.attempts },
      data: {
        attempts: attempt,
        lastStatusCode: result.statusCode ?? null,
        lastError: result.error ?? null,
        queuedAt: null,
        ...(outcome === 'delivered' ? { status: 'delivered', deliveredAt: finishedAt } : {}),
        ...(outcome === 'failed' ? { status: 'failed' } : {}),
        ...(outcome === 'retry'
          ? { nextAttemptAt: new Date(finishedAt.getTime() + retryDelayMs(attempt, options.backoffBaseMs)) }
          : {}),
      },
    });
    return true;
  });
  return recorded ? outcome : 'skipped';
}
