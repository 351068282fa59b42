import type { ExpectKind, ParseFailureReason, ParseOptions, ParseResult, ReplyInput } from './answer.types';
import { dateContext, parseDate } from './parse-date';
import { parseEmail } from './parse-email';
import { parseNumber } from './parse-number';
import { parsePhone } from './parse-phone';
import { parseChoice } from './parse-choice';
import { isValidPattern, parseRegex } from './parse-regex';
import { accept, reject } from './parse-result';

const FAILURE_OF: Record<ExpectKind, ParseFailureReason> = {
  text: 'empty',
  number: 'invalid_number',
  email: 'invalid_email',
  phone: 'invalid_phone',
  date: 'invalid_date',
  choice: 'unknown_choice',
  regex: 'no_match',
};

// No number, email, phone or date needs more; the cap bounds parsing time on a 4096-character message.
const MAX_STRUCTURED_LENGTH = 256;

function clean(input: ReplyInput | undefined): ReplyInput {
  const text = typeof input?.text === 'string' ? input.text.trim() : '';
  const buttonId = typeof input?.buttonId === 'string' && input.buttonId !== '' ? input.buttonId : undefined;
  return { text, buttonId };
}

/** What the reply says: its text, or for a bare button tap the button's title (else its id). */
function replyText({ text, buttonId }: ReplyInput, options: ParseOptions): string {
  if (text || buttonId === undefined) return text ?? '';
  const tapped = options.options?.find((option) => option.id === buttonId);
  return (tapped ? tapped.title : buttonId).trim();
}

function parseKind(kind: ExpectKind, input: ReplyInput, options: ParseOptions): ParseResult {
  if (kind === 'choice') {
    return input.text || input.buttonId ? parseChoice(input, options.options) : reject('empty');
  }
  const text = replyText(input, options);
  // A broken pattern is the flow author's error, reported even before the contact says anything.
  if (kind === 'regex' && !isValidPattern(options.pattern)) return reject('invalid_pattern');
  if (!text) return reject('empty');
  if (text.length > MAX_STRUCTURED_LENGTH && kind !== 'text' && kind !== 'regex') {
    return reject(FAILURE_OF[kind]);
  }
  switch (kind) {
    case 'text':
      return accept(text);
    case 'number':
      return parseNumber(text);
    case 'email':
      return parseEmail(text);
    case 'phone':
      return parsePhone(text, options.defaultCountry);
    case 'date':
      return parseDate(text, dateContext(options.today, options.defaultCountry));
    case 'regex':
      return parseRegex(text, options.pattern);
    default:
      return reject('no_match');
  }
}

/**
 * Turns a contact's reply to a `question` node into the value saved in `vars[save]`: text trimmed,
 * number as a number, email lower-cased, phone in E.164, date as YYYY-MM-DD, choice as the option id,
 * regex as the trimmed text. Never throws: a reply it cannot read is a failure with a reason.
 */
export function parseAnswer(kind: ExpectKind, input: ReplyInput, options: ParseOptions = {}): ParseResult {
  try {
    const choices = Array.isArray(options?.options) ? options.options : [];
    return parseKind(kind, clean(input), { ...options, options: choices });
  } catch {
    // Every parser is written not to throw; this keeps a future bug from crashing a workflow.
    return reject(FAILURE_OF[kind] ?? 'no_match');
  }
}
