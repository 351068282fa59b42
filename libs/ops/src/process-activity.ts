/**
 * Traffic seen by this process (the engine ran a contact or activity job), for the poll loops that
 * slow down at rest (PollLoop's `idle`): work they feed on mostly comes with traffic (a message's
 * media, a step's notifications and outbound events), so traffic brings them back to their normal
 * cadence before that work waits. A hint only: no loop depends on it to find its work eventually.
 */
const listeners = new Set<() => void>();

/** Calls `listener` on each signal; returns the unsubscribe. */
export function onActivity(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Traffic in this process: every listener is told, synchronously (each must be cheap). */
export function signalActivity(): void {
  for (const listener of listeners) listener();
}
