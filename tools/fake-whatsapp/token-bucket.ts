/**
 * Classic token bucket on an injected clock: `capacity` tokens, one token back every `refillIntervalMs`.
 * Starts full, which is how the pair limit's "burst of 45" behaves.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly refillIntervalMs: number,
    now: number,
  ) {
    if (!(capacity >= 1) || !(refillIntervalMs > 0)) {
      throw new RangeError('TokenBucket needs capacity >= 1 and refillIntervalMs > 0');
    }
    this.tokens = capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    // A clock moved backwards by a test simply stops refilling until it catches up.
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) / this.refillIntervalMs);
    }
    this.updatedAt = Math.max(now, this.updatedAt);
  }

  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until the next token is available (0 when one is available now). */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) * this.refillIntervalMs);
  }

  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }
}

/** One bucket per key, pruning buckets that are full again (a full bucket equals a fresh one). */
export class KeyedTokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private capacity: number,
    private refillIntervalMs: number,
    private readonly pruneAbove = 50_000,
  ) {}

  reconfigure(capacity: number, refillIntervalMs: number): void {
    this.capacity = capacity;
    this.refillIntervalMs = refillIntervalMs;
    this.buckets.clear();
  }

  tryTake(key: string, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.pruneAbove) this.prune(now);
      bucket = new TokenBucket(this.capacity, this.refillIntervalMs, now);
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake(now);
  }

  waitMs(key: string, now: number): number {
    return this.buckets.get(key)?.waitMs(now) ?? 0;
  }

  clear(): void {
    this.buckets.clear();
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
  }
}
