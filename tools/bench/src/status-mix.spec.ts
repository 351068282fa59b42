import { isStatusAt, nthStatus } from './status-mix';

describe('webhook-ingest --statuses mix', () => {
  const count = (n: number, share: number) =>
    Array.from({ length: n }, (_, i) => i).filter((i) => isStatusAt(i, share)).length;

  it('holds the share in the run and in any stretch of it', () => {
    expect(count(20_000, 0.8)).toBe(16_000);
    expect(count(1_000, 0)).toBe(0);
    expect(count(1_000, 1)).toBe(1_000);
    // Evenly spread: every 5 webhooks hold 4 statuses at 0.8.
    for (let start = 0; start < 100; start += 5) {
      expect([0, 1, 2, 3, 4].filter((k) => isStatusAt(start + k, 0.8))).toHaveLength(4);
    }
  });

  it("sends each message's delivered, then its read", () => {
    expect([0, 1, 2, 3].map((n) => nthStatus(n, 10))).toEqual([
      { message: 0, status: 'delivered' },
      { message: 0, status: 'read' },
      { message: 1, status: 'delivered' },
      { message: 1, status: 'read' },
    ]);
    expect(nthStatus(20, 10)).toEqual({ message: 0, status: 'delivered' });
  });
});
