// Reads the digits-and-separators part of a number the way people write it around the world:
// 1,234.56 (en), 1.234,56 (pt/es/de), 1 234,56 (fr/za), 1'234.5 (ch).

interface Layout {
  grouping?: string;
  decimal?: string;
}

function count(text: string, mark: string): number {
  return text.split(mark).length - 1;
}

/** Decides which mark, if any, separates the decimals and which groups the thousands. */
function layoutOf(run: string): Layout | undefined {
  const dots = count(run, '.');
  const commas = count(run, ',');
  const spacers = new Set(run.match(/[ ']/g));
  if (spacers.size > 1) return undefined;
  const [spacer] = spacers;
  if (dots && commas) {
    if (spacer) return undefined;
    const decimal = run.lastIndexOf('.') > run.lastIndexOf(',') ? '.' : ',';
    return count(run, decimal) === 1 ? { decimal, grouping: decimal === '.' ? ',' : '.' } : undefined;
  }
  const mark = dots ? '.' : commas ? ',' : undefined;
  if (!mark) return { grouping: spacer };
  if (spacer) return count(run, mark) === 1 ? { decimal: mark, grouping: spacer } : undefined;
  if (count(run, mark) > 1) return { grouping: mark };
  // One "." or "," before exactly three digits groups thousands ("1,234" and "1.234" are 1234),
  // except after a lone zero ("0.500") or a long integer part ("1234.567"), which are decimals.
  const [integer, fraction] = run.split(mark);
  return fraction.length === 3 && /^[1-9]\d{0,2}$/.test(integer) ? { grouping: mark } : { decimal: mark };
}

function ungroup(integer: string, grouping: string | undefined): string | undefined {
  if (/^\d*$/.test(integer)) return integer;
  if (!grouping) return undefined;
  const groups = integer.split(grouping);
  const wellFormed = /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((group) => /^\d{3}$/.test(group));
  return wellFormed ? groups.join('') : undefined;
}

/**
 * Turns a run such as "1.234,56" into a plain decimal string "1234.56", or undefined when the
 * separators do not form one number ("1,2,3", "12 34", "1.234.5").
 */
export function normaliseDigits(run: string): string | undefined {
  const unified = run.replace(/[\s\u00a0\u202f]/gu, ' ').replace(/[\u2019\u02bc]/gu, "'");
  const layout = layoutOf(unified);
  if (!layout) return undefined;
  const [integerPart, fraction = ''] = layout.decimal ? unified.split(layout.decimal) : [unified];
  const integer = ungroup(integerPart, layout.grouping);
  if (integer === undefined || !/^\d*$/.test(fraction) || (integer === '' && fraction === ''))
    return undefined;
  return fraction ? `${integer || '0'}.${fraction}` : integer;
}

/** Multiplies a plain decimal string by 10^places by moving the point, so 1.1k is 1100, not 1100.0000000000002. */
export function shiftDecimal(plain: string, places: number): string {
  const [integer, fraction = ''] = plain.split('.');
  const digits = integer + fraction.padEnd(places, '0');
  const point = integer.length + places;
  return `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/\.$/, '');
}
