// The `max` metadata checks each country's number patterns; the default (`min`) metadata only
// checks lengths and accepts numbers such as +27 99 999 9999 that no operator issues.
import {
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import type { ParseResult } from './answer.types';
import { accept, reject } from './parse-result';

// A phone number as people type it: digits with spaces, dashes, dots, slashes or parentheses,
// optionally starting with `+`. Words around it ("my number is ...") are ignored.
const PHONE_RUN = /\+?\s*\(?\d(?:[\d\s\-./()\u00a0]*\d)?\)?/gu;
const E164 = /^\+[1-9]\d{6,14}$/;
const INTERNATIONAL_EXAMPLE = '+44 7400 123456';

export function toCountryCode(country: string | undefined): CountryCode | undefined {
  const code = country?.trim().toUpperCase();
  return code && isSupportedCountry(code) ? code : undefined;
}

/** A valid mobile number to show in a re-prompt: national format for the contact's country. */
export function phoneExample(country: string | undefined): string {
  const code = toCountryCode(country);
  const example = code && getExampleNumber(code, examples);
  return example ? example.formatNational() : INTERNATIONAL_EXAMPLE;
}

function digitsOf(run: string): string {
  const compact = run.replace(/[^\d+]/g, '');
  // `00` is the international prefix in most of the world: "0027 82 ..." means "+27 82 ...".
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

export function parsePhone(text: string, defaultCountry?: string): ParseResult {
  const reply = text.normalize('NFKC').replace(/^\s*tel:/i, '');
  const runs = reply.match(PHONE_RUN) ?? [];
  if (runs.length !== 1) return reject('invalid_phone');
  const digits = digitsOf(runs[0]);
  if (digits.lastIndexOf('+') > 0) return reject('invalid_phone');
  try {
    const parsed = parsePhoneNumberFromString(digits, toCountryCode(defaultCountry));
    if (!parsed?.isValid() || !E164.test(parsed.number)) return reject('invalid_phone');
    return accept(parsed.number);
  } catch {
    // libphonenumber-js documents no throws here; the guard keeps "never throws" true across upgrades.
    return reject('invalid_phone');
  }
}
