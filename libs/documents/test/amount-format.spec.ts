import { formatAmount, formatMoney, formatQuantity, formatRate } from '../src';

describe('formatAmount', () => {
  it('writes minor units with the currency’s decimals and groups thousands', () => {
    expect(formatAmount(123456789, 'EUR')).toBe('1,234,567.89');
    expect(formatAmount(5, 'EUR')).toBe('0.05');
    expect(formatAmount(0, 'EUR')).toBe('0.00');
    expect(formatAmount(1234567, 'JPY')).toBe('1,234,567');
    expect(formatAmount(25925, 'KWD')).toBe('25.925');
    expect(formatAmount(1000000, 'KWD')).toBe('1,000.000');
    expect(formatAmount(-150, 'USD')).toBe('-1.50');
  });

  it('uses the locale’s separators but always the digits 0-9', () => {
    expect(formatAmount(123456789, 'EUR', 'de-DE')).toBe('1.234.567,89');
    expect(formatAmount(123456789, 'EUR', 'fr-FR')).toMatch(/^1\s234\s567,89$/u);
    expect(formatAmount(123456, 'EGP', 'ar-EG')).toMatch(/^1.234.56$/u);
  });

  it('is exact for amounts beyond what floating-point cents would survive', () => {
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'EUR')).toBe('90,071,992,547,409.91');
  });

  it('prefixes the ISO code', () => {
    expect(formatMoney(4950, 'JPY')).toBe('JPY 4,950');
    expect(formatMoney(1999, 'GBP', 'en-GB')).toBe('GBP 19.99');
  });
});

describe('formatQuantity and formatRate', () => {
  it('prints quantities as given, fractional ones included', () => {
    expect(formatQuantity(12)).toBe('12');
    expect(formatQuantity(2.5)).toBe('2.5');
    expect(formatQuantity(1234.125, 'de-DE')).toBe('1.234,125');
  });

  it('prints tax rates as percentages without binary noise', () => {
    expect(formatRate(0.2)).toBe('20%');
    expect(formatRate(0.075)).toBe('7.5%');
    expect(formatRate(0.07)).toBe('7%');
    expect(formatRate(0.19, 'de-DE')).toMatch(/^19\s%$/u);
  });
});
