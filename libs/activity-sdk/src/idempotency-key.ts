import { createHash } from 'node:crypto';

/**
 * The idempotency key of one activity call: derived from the run and the request the core issued,
 * so every attempt of the call (on either engine) gets the same key and no other call does.
 */
export function activityIdempotencyKey(call: { tenantId: string; runId: string; requestId: string }): string {
  const digest = createHash('sha256')
    .update(`${call.tenantId}/${call.runId}/${call.requestId}`, 'utf8')
    .digest('hex');
  return `leadline-${digest.slice(0, 40)}`;
}
