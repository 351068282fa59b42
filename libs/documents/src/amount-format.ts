import { formatMinor } from '@leadline/flow-core';

/** Numbers and dates on documents follow this locale unless the workspace sets another. */
export const DEFAULT_LOCALE = 'en-GB';

const separatorCache = new Map<string, { group: string; decimal: string }>();

function separators(locale: string): { group: string; decimal: string } {
  let found = separatorCache.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true, numberingSystem: 'latn' }).formatToParts(
      1234567.5,
    );
    found = {
      group: parts.find((part) => part.type === 'group')?.value ?? ',',
      decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    };
    separatorCache.set(locale, found);
  }
  return found;
}

/**
 * An amount in minor units as the locale writes it ("1,234.50", "1.234,50", "4,950" for JPY,
 * "25.925" for KWD). The digits come from formatMinor, never from floating-point division, and
 * digits are grouped in threes. Digits are always 0-9, as formatMinor writes them.
 */
export function formatAmount(minor: number, currency: string, locale: string = DEFAULT_LOCALE): string {
  const plain = formatMinor(minor, currency);
  const negative = plain.startsWith('-');
  const [whole, fraction] = (negative ? plain.slice(1) : plain).split('.');
  const { group, decimal } = separators(locale);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `${decimal}${fraction}`}`;
}

/** The amount with its ISO code, e.g. "EUR 1,234.50": unambiguous where "$" is not. */
export function formatMoney(minor: number, currency: string, locale: string = DEFAULT_LOCALE): string {
  return `${currency} ${formatAmount(minor, currency, locale)}`;
}

export function formatQuantity(quantity: number, locale: string = DEFAULT_LOCALE): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6, numberingSystem: 'latn' }).format(
    quantity,
  );
}

/** 0.2 → "20%", 0.075 → "7.5%" (the locale decides spacing and signs). */
export function formatRate(rate: number, locale: string = DEFAULT_LOCALE): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 4,
    numberingSystem: 'latn',
  }).format(rate);
}
