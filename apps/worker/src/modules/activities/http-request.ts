/** `{{secrets.NAME}}` as the flow core leaves it in an HTTP step's URL, headers and body. */
const SECRET_PLACEHOLDER = /\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]{0,63})\s*\}\}/g;

function strings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, visit));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => strings(item, visit));
}

/** Names of the secrets a request refers to, each once, in order of appearance. */
export function secretNamesIn(...values: unknown[]): string[] {
  const names = new Set<string>();
  for (const value of values) {
    strings(value, (text) => {
      for (const match of text.matchAll(SECRET_PLACEHOLDER)) names.add(match[1]);
    });
  }
  return [...names];
}

/** The value with every `{{secrets.NAME}}` replaced (strings inside objects and arrays too). */
export function fillSecrets<T>(value: T, secrets: Readonly<Record<string, string>>): T {
  if (typeof value === 'string')
    return value.replace(SECRET_PLACEHOLDER, (_match, name: string) => secrets[name] ?? '') as T;
  if (Array.isArray(value)) return value.map((item) => fillSecrets(item, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillSecrets(item, secrets)]),
    ) as T;
  }
  return value;
}

/** A URL for messages and logs: origin and path, without the query (it may hold contact data). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${decodeURI(parsed.pathname)}`;
  } catch {
    return 'the URL';
  }
}

/** What an HTTP step saves: status, content type and body (JSON parsed when it is JSON). */
export interface HttpStepOutput {
  status: number;
  headers: { 'content-type'?: string };
  body: unknown;
}

export function httpStepOutput(status: number, contentType: string | null, text: string): HttpStepOutput {
  let body: unknown = text;
  const looksJson = /\bjson\b/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (looksJson && text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  } else if (text === '') body = null;
  return { status, headers: contentType ? { 'content-type': contentType } : {}, body };
}
