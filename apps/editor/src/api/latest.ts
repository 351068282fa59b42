/**
 * Which of several requests for one view is the latest. A choice or a keystroke starts a request;
 * two quick ones start two, and their answers may come back in either order. Only the answer to the
 * latest may be written into the view, or it shows figures that do not match the choices on screen.
 *
 *   const isLatest = listing.start();
 *   const answer = await api.list(filter);
 *   if (isLatest()) set({ list: answer });
 *
 * `drop()` makes every request in flight stale without starting one: the view was reset (signed out,
 * another flow shown) and nothing asked before may land in it.
 */
export interface LatestRequest {
  /** A new request: the check it returns stays true until a later one starts or `drop()` is called. */
  start(): () => boolean;
  /**
   * A check for a request that adds to the view without replacing it (older rows appended to a
   * list): true while no request starts after it and nothing is dropped. It makes nothing stale.
   */
  watch(): () => boolean;
  /** Every request in flight is stale. */
  drop(): void;
}

export function latestRequest(): LatestRequest {
  let current = 0;
  return {
    start() {
      const mine = ++current;
      return () => mine === current;
    },
    watch() {
      const seen = current;
      return () => seen === current;
    },
    drop() {
      current += 1;
    },
  };
}
