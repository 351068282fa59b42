/** Lower-cases and removes accents, so "Março", "MARCO" and "março" compare equal. */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** Folds, then turns every run of punctuation, symbols, emoji and spaces into one space. */
export function simplifyText(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
