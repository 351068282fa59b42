export type ExpectKind = 'text' | 'number' | 'email' | 'phone' | 'date' | 'choice' | 'regex';

/** One inbound reply: typed text, and/or the id of a tapped reply button or list row. */
export interface ReplyInput {
  text?: string;
  buttonId?: string;
}

export interface ChoiceOption {
  id: string;
  title: string;
  description?: string;
}

export interface ParseOptions {
  /** The question's buttons or list rows, in the order the contact sees them. */
  options?: ChoiceOption[];
  /** For `regex`: a JavaScript pattern without delimiters or flags; it must match the whole reply. */
  pattern?: string;
  /** ISO 3166 alpha-2 country of the contact: national phone numbers, and month-first dates for `US`. */
  defaultCountry?: string;
  /** `YYYY-MM-DD` in the flow's clock: resolves "today", "tomorrow", weekdays and dates without a year. */
  today?: string;
}

export type ParseFailureReason =
  | 'empty'
  | 'invalid_email'
  | 'invalid_phone'
  | 'invalid_number'
  | 'invalid_date'
  | 'no_match'
  | 'invalid_pattern'
  | 'unknown_choice';

export type ParseResult =
  { ok: true; value: string | number } | { ok: false; reason: ParseFailureReason; message: string };
