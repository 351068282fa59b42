import { flowIdFromName, freeFlowId, isFlowId } from './flow-id';

describe('flow ids from names', () => {
  it('derives a valid id from what people type as a name', () => {
    expect(flowIdFromName('Spring promo!')).toBe('spring-promo');
    expect(flowIdFromName('  Café  — Réservations 2026 ')).toBe('cafe-reservations-2026');
    expect(flowIdFromName('🎉')).toBe('flow');
    const long = flowIdFromName('a very long name '.repeat(10));
    expect(long.length).toBeLessThanOrEqual(56);
    expect(isFlowId(long)).toBe(true);
  });

  it('picks the first free id', () => {
    expect(freeFlowId('promo', new Set())).toBe('promo');
    expect(freeFlowId('promo', new Set(['promo', 'promo-2']))).toBe('promo-3');
  });
});
