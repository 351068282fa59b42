import { useEffect, useRef } from 'react';

/** Calls `load` every `ms` while `ms` is set (a campaign is sending), never two at once. */
export function usePolling(load: () => Promise<unknown>, ms: number | null): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (ms === null) return;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void latest.current().finally(() => {
        busy = false;
      });
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
}
