/** ISO 4217 currencies whose minor unit is not 2 decimals. */
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

/** Half away from zero, on values already scaled to minor units. */
function roundHalfUp(value: number): number {
  const rounded = Math.round(Math.abs(value) + 1e-9);
  return value < 0 ? -rounded : rounded;
}

export function toMinor(amount: number, currency: string): number {
  return roundHalfUp(amount * 10 ** minorDigits(currency));
}

export function formatMinor(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (!digits) return `${sign}${abs}`;
  const factor = 10 ** digits;
  return `${sign}${Math.floor(abs / factor)}.${String(abs % factor).padStart(digits, '0')}`;
}

export interface LineItem {
  description: string;
  quantity: number;
  unitPrice: number;
}

export interface Totals {
  currency: string;
  lines: Array<LineItem & { unitMinor: number; amountMinor: number }>;
  subtotalMinor: number;
  taxRate: number;
  taxMinor: number;
  totalMinor: number;
}

/**
 * Totals in integer minor units: prices are rounded to the currency's minor unit first, each line
 * is rounded once, and tax is computed once on the subtotal, so totals never drift.
 */
export function computeTotals(items: LineItem[], currency: string, taxRate: number): Totals {
  const lines = items.map((item) => {
    const unitMinor = toMinor(item.unitPrice, currency);
    return { ...item, unitMinor, amountMinor: roundHalfUp(unitMinor * item.quantity) };
  });
  const subtotalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const taxMinor = roundHalfUp(subtotalMinor * taxRate);
  return { currency, lines, subtotalMinor, taxRate, taxMinor, totalMinor: subtotalMinor + taxMinor };
}
