import { KeyedTokenBuckets, TokenBucket } from '../token-bucket';

describe('TokenBucket', () => {
  it('allows a full burst, then one token per interval', () => {
    const bucket = new TokenBucket(3, 1000, 0);
    expect([bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.waitMs(0)).toBe(1000);
    expect(bucket.tryTake(999)).toBe(false);
    expect(bucket.tryTake(1000)).toBe(true);
    expect(bucket.tryTake(1000)).toBe(false);
  });

  it('never holds more than its capacity, however long it idles', () => {
    const bucket = new TokenBucket(2, 10, 0);
    const taken = Array.from({ length: 4 }, () => bucket.tryTake(1_000_000)).filter(Boolean);
    expect(taken).toHaveLength(2);
  });

  it('does not refill when a test moves the clock backwards', () => {
    const bucket = new TokenBucket(1, 1000, 5000);
    expect(bucket.tryTake(5000)).toBe(true);
    expect(bucket.tryTake(0)).toBe(false);
    expect(bucket.tryTake(5999)).toBe(false);
    expect(bucket.tryTake(6000)).toBe(true);
  });

  it('rejects nonsensical configuration', () => {
    expect(() => new TokenBucket(0, 1000, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, 0)).toThrow(RangeError);
  });
});

describe('KeyedTokenBuckets', () => {
  it('keeps one bucket per key and prunes only buckets that are full again', () => {
    const buckets = new KeyedTokenBuckets(1, 1000, 2);
    expect(buckets.tryTake('a', 0)).toBe(true);
    expect(buckets.tryTake('b', 0)).toBe(true);
    expect(buckets.tryTake('a', 0)).toBe(false);
    // Adding 'c' prunes; 'a' and 'b' are still empty at t=500 so they must survive.
    expect(buckets.tryTake('c', 500)).toBe(true);
    expect(buckets.tryTake('a', 500)).toBe(false);
    expect(buckets.tryTake('a', 1000)).toBe(true);
  });
});
