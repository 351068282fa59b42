import { RandomHex } from '../random-hex';

describe('RandomHex', () => {
  it('gives hex strings of the asked length, all different, across refills of its pool', () => {
    const random = new RandomHex();
    // 8-byte values from a 4 KiB pool: 2,000 of them use it up almost four times over.
    const values = Array.from({ length: 2_000 }, () => random.next(8));
    for (const value of values) expect(value).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(values).size).toBe(values.length);
  });

  it('refuses sizes outside its pool', () => {
    const random = new RandomHex();
    expect(() => random.next(0)).toThrow(RangeError);
    expect(() => random.next(4097)).toThrow(RangeError);
    expect(random.next(4096)).toHaveLength(8192);
  });
});
