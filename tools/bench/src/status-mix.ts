/**
 * webhook-ingest --statuses: whether webhook `index` of a mixed run is a status, for a `share` between
 * 0 and 1, spread evenly (the running count of statuses steps up at this index), so any stretch of
 * the run holds the share and a run of n webhooks holds floor(n * share) statuses.
 */
export function isStatusAt(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share);
}

/**
 * How many statuses apart a message's `delivered` and its `read` are sent. The API merges the statuses
 * of one message that land in one ingest batch (~15 webhooks) into one update; back to back, nearly
 * every `read` did, and the mixed run measured half the updates real traffic costs (a `read` comes
 * seconds or minutes after its `delivered`). 1,000 statuses apart keeps them in different batches.
 */
export const READ_AFTER_DELIVERED = 1_000;

/**
 * The status the `nth` status webhook of the mixed run sends: in rounds of 2 × gap statuses, the
 * `delivered` of `gap` messages, then their `read`s in the same order, so each `read` comes `gap`
 * statuses after its `delivered` (gap = READ_AFTER_DELIVERED, or the number of messages if fewer).
 */
export function nthStatus(
  nth: number,
  messages: number,
  spacing: number = READ_AFTER_DELIVERED,
): { message: number; status: 'delivered' | 'read' } {
  const gap = Math.max(1, Math.min(spacing, messages));
  const round = Math.floor(nth / (2 * gap));
  const offset = nth % (2 * gap);
  return {
    message: (round * gap + (offset % gap)) % messages,
    status: offset < gap ? 'delivered' : 'read',
  };
}
