/**
 * webhook-ingest --statuses: whether webhook `index` of a mixed run is a status, for a `share` between
 * 0 and 1, spread evenly (the running count of statuses steps up at this index), so any stretch of
 * the run holds the share and a run of n webhooks holds floor(n * share) statuses.
 */
export function isStatusAt(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share);
}

/** The status the `nth` status webhook of the mixed run sends: each message's `delivered`, then its `read`. */
export function nthStatus(nth: number, messages: number): { message: number; status: 'delivered' | 'read' } {
  return { message: Math.floor(nth / 2) % messages, status: nth % 2 === 0 ? 'delivered' : 'read' };
}
