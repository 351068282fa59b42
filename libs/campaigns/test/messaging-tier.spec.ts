import { metaTierLimit } from '../src';

describe("Meta's messaging tier as a daily limit", () => {
  it.each([
    ['TIER_250', 250],
    ['TIER_1K', 1000],
    ['TIER_2K', 2000],
    ['TIER_10K', 10_000],
    ['TIER_100K', 100_000],
  ])('%s is %d unique contacts a day', (tier, limit) => {
    expect(metaTierLimit(tier)).toBe(limit);
  });

  it('holds nothing back for an unlimited, missing or unknown tier', () => {
    for (const tier of ['TIER_UNLIMITED', 'UNLIMITED', null, undefined, '', 'TIER_X']) {
      expect(metaTierLimit(tier)).toBeUndefined();
    }
  });
});
