import type { ExpectKind, ParseOptions } from './answer.types';
import { phoneExample, toCountryCode } from './parse-phone';

const MAX_LISTED_OPTIONS = 10;

function choiceText(options: ParseOptions['options']): string {
  const titles = (Array.isArray(options) ? options : [])
    .slice(0, MAX_LISTED_OPTIONS)
    .map((option, index) => `${index + 1}. ${option?.title ?? ''}`.trim());
  if (titles.length === 0) return 'Sorry, I did not get that. Please pick one of the options.';
  return `Sorry, I did not get that. Please tap one of the options or reply with its number:\n${titles.join('\n')}`;
}

function phoneHint(country: string | undefined): string {
  const example = phoneExample(country);
  return toCountryCode(country)
    ? `for example ${example}`
    : `including the country code, for example ${example}`;
}

/**
 * The re-prompt a question sends after a reply it cannot read, when the flow sets no `invalidText`.
 * Short, friendly, with an example in the format the parser accepts.
 */
export function defaultInvalidText(kind: ExpectKind, options: ParseOptions = {}): string {
  const monthFirst = options?.defaultCountry?.trim().toUpperCase() === 'US';
  switch (kind) {
    case 'number':
      return 'Sorry, I did not get that. Please reply with a number, for example 25.';
    case 'email':
      return 'Sorry, that does not look like an email address. Please reply with one, for example name@example.com.';
    case 'phone':
      return `Sorry, that does not look like a phone number. Please reply with one, ${phoneHint(options?.defaultCountry)}.`;
    case 'date':
      return `Sorry, I did not get that date. Please reply with one, for example ${monthFirst ? '12/31/2026' : '31/12/2026'}.`;
    case 'choice':
      return choiceText(options?.options);
    case 'regex':
      return "Sorry, that doesn't look right. Please check it and try again.";
    default:
      return 'Sorry, I did not get that. Please reply with a text message.';
  }
}
