import type { DeliveryStatus } from './channel-event';

/**
 * Precedence of delivery states, for webhooks that arrive late, twice or out of order:
 * - sent < delivered < read; `read` implies `delivered` (Meta may skip `delivered`).
 * - `failed` ranks with `delivered`: it overrides `sent`, but never a `delivered` or `read`
 *   (a message the user received or read did not fail).
 * - `failed` is terminal: nothing moves a failed message on.
 * - A repeated state is not a move (deduplicate on message id + state).
 */
const RANK: Record<DeliveryStatus, number> = { sent: 1, delivered: 2, failed: 2, read: 3 };

export function statusRank(status: DeliveryStatus): number {
  return RANK[status];
}

/** Whether a message whose recorded state is `current` should move to `next`. */
export function isStatusForward(current: DeliveryStatus | undefined, next: DeliveryStatus): boolean {
  if (current === undefined) return true;
  if (current === 'failed') return false;
  return RANK[next] > RANK[current];
}
