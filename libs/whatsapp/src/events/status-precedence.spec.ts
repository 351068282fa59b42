import type { DeliveryStatus } from './channel-event';
import { isStatusForward, statusRank } from './status-precedence';

describe('delivery status precedence', () => {
  it('orders sent < delivered < read', () => {
    expect(statusRank('sent')).toBeLessThan(statusRank('delivered'));
    expect(statusRank('delivered')).toBeLessThan(statusRank('read'));
  });

  // [current, next, moves?]
  const table: Array<[DeliveryStatus | undefined, DeliveryStatus, boolean]> = [
    [undefined, 'sent', true],
    [undefined, 'read', true],
    [undefined, 'failed', true],
    ['sent', 'delivered', true],
    ['sent', 'read', true],
    ['sent', 'failed', true],
    ['sent', 'sent', false],
    ['delivered', 'read', true],
    ['delivered', 'sent', false],
    ['delivered', 'delivered', false],
    ['delivered', 'failed', false],
    ['read', 'delivered', false],
    ['read', 'sent', false],
    ['read', 'failed', false],
    ['read', 'read', false],
    ['failed', 'sent', false],
    ['failed', 'delivered', false],
    ['failed', 'read', false],
    ['failed', 'failed', false],
  ];

  it.each(table)('%s -> %s moves: %s', (current, next, moves) => {
    expect(isStatusForward(current, next)).toBe(moves);
  });

  it('ends on read whatever order delivered/read/sent arrive in (Meta may skip or reorder them)', () => {
    const orders: DeliveryStatus[][] = [
      ['sent', 'delivered', 'read'],
      ['read', 'delivered', 'sent'],
      ['delivered', 'read', 'sent'],
      ['read', 'sent'],
    ];
    for (const order of orders) {
      const final = order.reduce<DeliveryStatus | undefined>(
        (current, next) => (isStatusForward(current, next) ? next : current),
        undefined,
      );
      expect(final).toBe('read');
    }
  });
});
