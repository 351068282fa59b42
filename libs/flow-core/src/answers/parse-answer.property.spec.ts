import fc from 'fast-check';
import { parseAnswer, type ExpectKind, type ParseOptions } from './index';

const FAILURES = ['empty', 'invalid_email', 'invalid_phone', 'invalid_number', 'invalid_date'];
const REASONS = new Set([...FAILURES, 'no_match', 'invalid_pattern', 'unknown_choice']);
const RUNS = { numRuns: 300 };

// Replies mixing arbitrary Unicode with the characters the parsers care about.
const replyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(..."0123456789 .,-+/()'$€R@kKmMaAéã#:<>".split('')), maxLength: 30 }),
  fc.constantFrom('today', 'amanhã', '5 de março', 'mailto:', '00', 'tel:', 'option 2', 'mil'),
);
const options = fc.record<ParseOptions>(
  {
    options: fc.array(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), title: fc.string({ maxLength: 12 }) }),
      {
        maxLength: 4,
      },
    ),
    pattern: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\\d+', '[a-z]{2,}', '(a|b)*c', '[')),
    defaultCountry: fc.oneof(
      fc.constantFrom('ZA', 'BR', 'US', 'DE', 'ES', 'xx', ''),
      fc.string({ maxLength: 3 }),
    ),
    today: fc.oneof(fc.constantFrom('2026-03-06', '2028-02-29', '1999-12-31'), fc.string({ maxLength: 10 })),
  },
  { requiredKeys: [] },
);
const input = fc.record({ text: replyText, buttonId: fc.string({ maxLength: 8 }) }, { requiredKeys: [] });
const kind = fc.constantFrom<ExpectKind>('text', 'number', 'email', 'phone', 'date', 'choice', 'regex');

function isRealIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

describe('parseAnswer on arbitrary replies', () => {
  it('never throws and always returns a well-typed result', () => {
    fc.assert(
      fc.property(kind, input, options, (k, reply, opts) => {
        const result = parseAnswer(k, reply, opts);
        if (result.ok) {
          expect(['string', 'number']).toContain(typeof result.value);
        } else {
          expect(REASONS.has(result.reason)).toBe(true);
          expect(typeof result.message).toBe('string');
        }
      }),
      RUNS,
    );
  });

  it.each<[ExpectKind, (value: string | number) => boolean]>([
    ['email', (value) => typeof value === 'string' && value === value.toLowerCase() && value.includes('@')],
    ['phone', (value) => typeof value === 'string' && /^\+[1-9]\d{6,14}$/.test(value)],
    ['date', (value) => typeof value === 'string' && isRealIsoDate(value)],
    ['number', (value) => typeof value === 'number' && Number.isFinite(value)],
    ['text', (value) => typeof value === 'string' && value.length > 0 && value === value.trim()],
  ])('%s answers always have the saved shape', (k, hasShape) => {
    fc.assert(
      fc.property(input, options, (reply, opts) => {
        const result = parseAnswer(k, reply, opts);
        expect(!result.ok || hasShape(result.value)).toBe(true);
      }),
      RUNS,
    );
  });

  it('choice answers are always one of the option ids', () => {
    fc.assert(
      fc.property(input, options, (reply, opts) => {
        const result = parseAnswer('choice', reply, opts);
        expect(!result.ok || (opts.options ?? []).some((option) => option.id === result.value)).toBe(true);
      }),
      RUNS,
    );
  });

  it('reads every calendar date written as d/m/yyyy back as itself', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [year, month, day] = iso.split('-').map(Number);
          expect(parseAnswer('date', { text: `${day}/${month}/${year}` })).toEqual({ ok: true, value: iso });
          expect(parseAnswer('date', { text: `${month}/${day}/${year}` }, { defaultCountry: 'US' })).toEqual({
            ok: true,
            value: iso,
          });
        },
      ),
      RUNS,
    );
  });

  it('reads back numbers written with grouping and either decimal mark', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 99 }), (whole, cents) => {
        const grouped = whole.toLocaleString('en-US');
        const fraction = String(cents).padStart(2, '0');
        const expected = Number(`${whole}.${fraction}`);
        expect(parseAnswer('number', { text: `${grouped}.${fraction}` })).toEqual({
          ok: true,
          value: expected,
        });
        const european = `${grouped.replace(/,/g, '.')},${fraction}`;
        expect(parseAnswer('number', { text: european })).toEqual({ ok: true, value: expected });
      }),
      RUNS,
    );
  });
});
