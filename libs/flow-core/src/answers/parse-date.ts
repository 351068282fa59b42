import type { ParseResult } from './answer.types';
import { addDays, formatIsoDate, isRealDate, parseIsoDate, weekdayOf, type CalendarDate } from './calendar';
import { FILLER_WORDS, MONTHS, NEXT_WORDS, RELATIVE_DAYS, WEEKDAYS } from './date-words';
import { foldText } from './fold-text';
import { accept, reject } from './parse-result';

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$/;
const NUMBER_WORD = /^(\d{1,4})(?:st|nd|rd|th|o|a|er|ero)?$/;

export interface DateContext {
  today?: CalendarDate;
  monthFirst: boolean;
}

function toYear(digits: string): number | undefined {
  if (digits.length === 2) return 2000 + Number(digits);
  return digits.length === 4 ? Number(digits) : undefined;
}

/** A day and month without a year mean their next occurrence, today included ("5 Mar" said on 6 Mar is next year). */
function nextOccurrence(
  month: number,
  day: number,
  today: CalendarDate | undefined,
): CalendarDate | undefined {
  if (!today) return undefined;
  // Eight years always reach the next 29 February.
  for (let year = today.year; year <= today.year + 8; year += 1) {
    const date = { year, month, day };
    const afterToday = month > today.month || (month === today.month && day >= today.day);
    if (isRealDate(date) && (year > today.year || afterToday)) return date;
  }
  return undefined;
}

function build(day: string, month: number, year: string | undefined, context: DateContext) {
  if (day.length > 2) return undefined;
  if (year === undefined) return nextOccurrence(month, Number(day), context.today);
  const fullYear = toYear(year);
  return fullYear === undefined ? undefined : { year: fullYear, month, day: Number(day) };
}

function fromDigits(reply: string, context: DateContext): CalendarDate | undefined {
  const compact = reply.replace(/ ?([-/.]) ?/g, '$1');
  const iso = YEAR_FIRST.exec(compact);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const parts = NUMERIC.exec(compact);
  if (!parts) return undefined;
  const [day, month] = context.monthFirst ? [parts[2], parts[1]] : [parts[1], parts[2]];
  return build(day, Number(month), parts[3], context);
}

function fromWeekday(weekday: number, strictlyAfter: boolean, today: CalendarDate | undefined) {
  if (!today) return undefined;
  const ahead = (weekday - weekdayOf(today) + 7) % 7;
  return addDays(today, ahead === 0 && strictlyAfter ? 7 : ahead);
}

function fromWords(reply: string, context: DateContext): CalendarDate | undefined {
  const words = reply.split(/[^\p{L}\p{N}]+/u).filter((word) => word && !FILLER_WORDS.has(word));
  const relative = RELATIVE_DAYS.get(words.join(' '));
  if (relative !== undefined) return context.today && addDays(context.today, relative);
  const weekdays = words.filter((word) => WEEKDAYS.has(word));
  const rest = words.filter((word) => !WEEKDAYS.has(word) && !NEXT_WORDS.has(word));
  if (rest.length === 0 && weekdays.length === 1) {
    return fromWeekday(WEEKDAYS.get(weekdays[0]) ?? 0, words.length > 1, context.today);
  }
  // A weekday next to a full date ("Thu 5 March") is decoration; "next" is not.
  if (rest.length + weekdays.length !== words.length) return undefined;
  const shape = rest.map((word) => (MONTHS.has(word) ? 'M' : NUMBER_WORD.test(word) ? 'n' : '?')).join('');
  const numbers = rest.filter((word) => !MONTHS.has(word)).map((word) => NUMBER_WORD.exec(word)?.[1] ?? '');
  const month = MONTHS.get(rest.find((word) => MONTHS.has(word)) ?? '') ?? 0;
  if (shape === 'nM' || shape === 'Mn') return build(numbers[0], month, undefined, context);
  if (shape === 'Mnn') return build(numbers[0], month, numbers[1], context);
  if (shape !== 'nMn') return undefined;
  return numbers[0].length === 4
    ? build(numbers[1], month, numbers[0], context)
    : build(numbers[0], month, numbers[1], context);
}

// Linear on purpose: a regex such as /[^\p{L}\p{N}]+$/ backtracks quadratically on long replies.
function trimPunctuation(text: string): string {
  const start = text.search(/[\p{L}\p{N}]/u);
  if (start < 0) return '';
  let end = text.length;
  while (end > start && !/[\p{L}\p{N}]/u.test(text[end - 1])) end -= 1;
  return text.slice(start, end);
}

/** Reads a date reply and saves it as `YYYY-MM-DD`; only real calendar dates between 1900 and 2199 pass. */
export function parseDate(text: string, context: DateContext): ParseResult {
  const reply = trimPunctuation(foldText(text).replace(/\s+/gu, ' '));
  const date = fromDigits(reply, context) ?? fromWords(reply, context);
  if (!date || !isRealDate(date) || date.year < MIN_YEAR || date.year > MAX_YEAR)
    return reject('invalid_date');
  return accept(formatIsoDate(date));
}

export function dateContext(today: string | undefined, defaultCountry: string | undefined): DateContext {
  return { today: parseIsoDate(today), monthFirst: defaultCountry?.trim().toUpperCase() === 'US' };
}
