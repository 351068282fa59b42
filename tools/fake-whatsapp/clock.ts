/** Milliseconds since the epoch. Injected so tests can move time without waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock that only moves when told to; pass `clock.now` as the fakes' `now` option. */
export class ManualClock {
  private current: number;

  constructor(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.current = start;
  }

  readonly now: Clock = () => this.current;

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance() needs a finite, non-negative ms value`);
    this.current += ms;
    return this.current;
  }

  set(epochMs: number): void {
    if (!Number.isFinite(epochMs)) throw new RangeError('set() needs a finite epoch ms value');
    this.current = epochMs;
  }
}

export const HOUR_MS = 60 * 60 * 1000;

export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}
