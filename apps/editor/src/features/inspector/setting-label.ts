/** Settings whose key says little to a marketer: the words the form shows instead. */
const WORDS: Record<string, string> = {
  text: 'What the bot says',
  save: 'Save the answer as',
  expect: 'Expected answer',
  invalidText: 'Reply when the answer is not valid',
  retries: 'Tries before giving up',
  timeout: 'Stop waiting for an answer after',
  fallbackTemplate: 'Template when the 24-hour window is closed',
  interruptOnReply: 'Stop waiting when they reply',
  url: 'URL',
};

/** A setting's label in sentence case ("Invalid text", not "Invalid Text" or "invalidText"). */
export function settingLabel(key: string): string {
  if (WORDS[key]) return WORDS[key];
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
