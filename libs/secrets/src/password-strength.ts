import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * zxcvbn's guess-count score (0 to 4) a new password must reach. 3 means "safely unguessable":
 * about 10^10 guesses, beyond an online attacker and costly offline against bcrypt at cost 12.
 * Length alone does not get there: "password123456" and "aaaaaaaaaaaa" are long and score 0.
 */
export const MIN_PASSWORD_SCORE = 3;

let configured = false;

/** The dictionaries (common passwords, names, English words) are loaded on the first check only. */
function configure(): void {
  if (configured) return;
  zxcvbnOptions.setOptions({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  configured = true;
}

/**
 * Why `password` is too easy to guess, in plain words, or undefined when it is strong enough.
 * `related` are words an attacker would try first for this account (email, name, workspace).
 */
export function weakPasswordProblem(password: string, related: readonly string[] = []): string | undefined {
  configure();
  const result = zxcvbn(password, relatedWords(related));
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  const personal = result.sequence.some(
    (match) => 'dictionaryName' in match && match.dictionaryName === 'userInputs',
  );
  const warning = personal ? 'it contains your name, email or workspace' : result.feedback.warning;
  const hint = warning ? ` (${warning.replace(/\.$/, '').toLowerCase()})` : '';
  return `is too easy to guess${hint}: use a longer phrase of unrelated words, or a password manager`;
}

/** Each text whole, an email's local part with and without its dots, and each word in it. */
function relatedWords(related: readonly string[]): string[] {
  const words = related.flatMap((text) => {
    const lower = text.toLowerCase().trim();
    const local = lower.split('@')[0] ?? '';
    return [lower, local, local.replace(/[._+-]+/g, ''), ...lower.split(/[\s@.,_+-]+/)];
  });
  return [...new Set(words.filter((word) => word.length >= 3))];
}
