import { simplifyText } from '@leadline/flow-core';

/** Words that say nothing about what a message is about. */
const FILLER = new Set(
  'a an and are as at be but by for from has have hi hello i if in is it its me my of on or our so that the their them there this to us was we were will with you your'.split(
    ' ',
  ),
);

/** The meaningful words of a text (lower-cased, accents and punctuation gone, `{{ }}` left out). */
export function simplifyWords(text: string): Set<string> {
  return new Set(
    simplifyText(text.replace(/\{\{[^}]*\}\}/g, ' '))
      .split(' ')
      .filter((word) => word.length > 1 && !FILLER.has(word)),
  );
}
