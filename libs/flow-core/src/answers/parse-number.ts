import type { ParseResult } from './answer.types';
import { foldText } from './fold-text';
import { normaliseDigits, shiftDecimal } from './number-format';
import { accept, reject } from './parse-result';

// Digits with single ".", ",", "'" or space separators between them; a leading "." or "," reads ".5".
const NUMBER_RUN = /[.,]?\d+(?:[.,' \u2019]\d+)*/gu;
const CURRENCY = String.raw`(?:r\$|us\$|a\$|c\$|[$€£¥₹₦₩₽¢₺₱]|usd|eur|gbp|zar|brl|chf|aud|cad|inr|ngn|kes|mxn|ars|cop|clp|pen|rs|kr|r)`;
// Before the digits: a word boundary, then optionally a sign and a currency in either order.
const PREFIX = new RegExp(String.raw`(?:^|[^\p{L}\p{N}+-])([+-]?)\s*(?:${CURRENCY}\s*)?([+-]?)\s*$`, 'u');
const MULTIPLIERS: Record<string, number> = {
  k: 3,
  mil: 3,
  thousand: 3,
  tausend: 3,
  mn: 6,
  mio: 6,
  million: 6,
  millions: 6,
  millionen: 6,
  milhao: 6,
  milhoes: 6,
  millon: 6,
  millones: 6,
};
const MULTIPLIER = `(?:${Object.keys(MULTIPLIERS).join('|')})`;
// After the digits: optionally a multiplier ("1.5k", "5 mil"), a currency, a percent sign; then a boundary.
const SUFFIX = new RegExp(
  String.raw`^(?:\s*(${MULTIPLIER})(?![\p{L}\p{N}]))?(?:\s*${CURRENCY}(?![\p{L}\p{N}]))?\s*%?(?![\p{L}\p{N}])`,
  'u',
);

/**
 * Reads one number from a reply such as "R$ 1.500", "about 12,5", "-3" or "1.5k". Words around the
 * number are ignored, but a reply with two numbers ("5 or 6", "2026-03-05") is not one answer.
 */
export function parseNumber(text: string): ParseResult {
  // Collapsing spaces keeps the prefix check linear on long replies.
  const reply = foldText(text)
    .replace(/\s+/gu, ' ')
    .replace(/[\u2212\u2013]/gu, '-');
  const runs = [...reply.matchAll(NUMBER_RUN)];
  if (runs.length !== 1) return reject('invalid_number');
  const [run] = runs;
  const before = PREFIX.exec(reply.slice(0, run.index));
  const after = SUFFIX.exec(reply.slice(run.index + run[0].length));
  const plain = normaliseDigits(run[0]);
  if (!before || !after || plain === undefined) return reject('invalid_number');
  const [, signBeforeCurrency, signAfterCurrency] = before;
  if (signBeforeCurrency && signAfterCurrency) return reject('invalid_number');
  const negative = (signBeforeCurrency || signAfterCurrency) === '-';
  const multiplier = after[1] ? MULTIPLIERS[after[1]] : 0;
  const value = Number(shiftDecimal(plain, multiplier)) * (negative ? -1 : 1);
  if (!Number.isFinite(value)) return reject('invalid_number');
  return accept(value === 0 ? 0 : value);
}
