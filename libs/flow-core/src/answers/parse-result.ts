import type { ParseFailureReason, ParseResult } from './answer.types';

// Messages describe the failure for logs and transcripts; they never echo the contact's reply.
const MESSAGES: Record<ParseFailureReason, string> = {
  empty: 'The reply is empty.',
  invalid_email: 'The reply is not a valid email address.',
  invalid_phone: 'The reply is not a valid phone number.',
  invalid_number: 'The reply is not a single number.',
  invalid_date: 'The reply is not a valid date.',
  no_match: 'The reply does not match the expected pattern.',
  invalid_pattern: "The question's pattern is not a valid regular expression.",
  unknown_choice: 'The reply does not match any of the options.',
};

export function accept(value: string | number): ParseResult {
  return { ok: true, value };
}

export function reject(reason: ParseFailureReason): ParseResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}
