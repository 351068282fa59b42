import { isStatusAt, nthStatus, READ_AFTER_DELIVERED } from './status-mix';

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

  it("sends each message's read READ_AFTER_DELIVERED statuses after its delivered, never in one batch", () => {
    const sent = Array.from({ length: 16_000 }, (_, nth) => nthStatus(nth, 20_000));
    const deliveredAt = new Map<number, number>();
    const readAt = new Map<number, number>();
    sent.forEach(({ message, status }, nth) => {
      const seen = status === 'delivered' ? deliveredAt : readAt;
      expect(seen.has(message)).toBe(false); // each message's delivered and read once
      seen.set(message, nth);
    });
    expect(deliveredAt.size).toBe(8_000);
    expect(readAt.size).toBe(8_000);
    for (const [message, nth] of readAt) expect(nth - deliveredAt.get(message)!).toBe(READ_AFTER_DELIVERED);
    expect(sent.slice(0, 2)).toEqual([
      { message: 0, status: 'delivered' },
      { message: 1, status: 'delivered' },
    ]);
    expect(sent[READ_AFTER_DELIVERED]).toEqual({ message: 0, status: 'read' });
    expect(sent[2 * READ_AFTER_DELIVERED]).toEqual({ message: READ_AFTER_DELIVERED, status: 'delivered' });
  });

  it('keeps the spacing below the number of messages, and wraps around them', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => nthStatus(n, 3))).toEqual([
      { message: 0, status: 'delivered' },
      { message: 1, status: 'delivered' },
      { message: 2, status: 'delivered' },
      { message: 0, status: 'read' },
      { message: 1, status: 'read' },
      { message: 2, status: 'read' },
      { message: 0, status: 'delivered' },
    ]);
  });
});
