/** `scheme://user:secret@host` → `scheme://user:***@host`; anything else is returned unchanged. */
export function maskUrlPassword(value: string): string {
  return value.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/, '$1:***@');
}

/** Passwords embedded in the given connection URLs, so they can be scrubbed from error text. */
export function urlPasswords(...urls: string[]): string[] {
  const passwords: string[] = [];
  for (const url of urls) {
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) passwords.push(password, encodeURIComponent(password));
    } catch {
      // An unparsable URL has no password we could know about.
    }
  }
  return passwords;
}

/**
 * Makes an error message safe to show on a public endpoint: known secrets replaced, any
 * `scheme://user:password@` masked, and bounded in length.
 */
export function scrubErrorMessage(message: string, secrets: readonly string[] = [], maxLength = 200): string {
  let text = message;
  for (const secret of secrets) {
    if (secret) text = text.split(secret).join('***');
  }
  text = text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/g, '$1:***@');
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
