import type { RE2JS } from 're2js';
import { compilePattern } from '../patterns/pattern';
import type { ParseResult } from './answer.types';
import { accept, reject } from './parse-result';

/**
 * The flow author's pattern as a whole-reply matcher, on RE2 (linear time, see patterns/pattern.ts):
 * a contact's reply cannot make a catastrophic pattern such as `^(a+)+$` freeze the worker.
 */
function compile(pattern: string | undefined): RE2JS | undefined {
  if (typeof pattern !== 'string') return undefined;
  try {
    // Checked on its own first: wrapping can turn an invalid pattern such as "a)|(b" into a valid one.
    compilePattern(pattern);
    return compilePattern(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

export function isValidPattern(pattern: string | undefined): boolean {
  return compile(pattern) !== undefined;
}

/**
 * The trimmed reply must match the whole pattern (as if it were written `^(?:pattern)$`), so
 * `\d{5}` accepts "12345" but not "123456". The value is the trimmed reply.
 */
export function parseRegex(text: string, pattern: string | undefined): ParseResult {
  const regex = compile(pattern);
  if (!regex) return reject('invalid_pattern');
  const reply = text.trim();
  return regex.matches(reply) ? accept(reply) : reject('no_match');
}
