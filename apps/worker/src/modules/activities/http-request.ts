import { secretPlaceholder, type ActivityRequest, type SecretSlot } from '@leadline/flow-core';

type HttpRequest = Extract<ActivityRequest, { kind: 'http' }>;

/** The parts of an HTTP step's request that go on the wire, with the author's secrets filled in. */
export interface FilledRequest {
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Names of the secrets a request's author asked for, each once, in order of appearance. */
export function secretNamesIn(request: HttpRequest): string[] {
  return [...new Set((request.secrets ?? []).map((slot) => slot.name))];
}

/**
 * The request's URL, headers and body with each secret written at the slot the flow core recorded
 * (where the flow author wrote `{{secrets.NAME}}`). Nothing else is scanned: a `{{secrets.NAME}}`
 * that arrived in a contact's text, an AI answer or a variable is sent as the text it is. A slot
 * whose text is not the placeholder (a request changed after the core made it) is refused.
 */
export function fillSecrets(request: HttpRequest, secrets: Readonly<Record<string, string>>): FilledRequest {
  const root: { url: unknown; headers: unknown; body?: unknown } = structuredClone({
    url: request.url,
    headers: request.headers ?? {},
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  // Later slots first, so earlier indexes in the same string stay right.
  const slots = [...(request.secrets ?? [])].sort((a, b) => b.index - a.index);
  for (const slot of slots) {
    const { parent, key } = locate(root, slot);
    const text = parent[key];
    const placeholder = secretPlaceholder(slot.name);
    const value = secrets[slot.name];
    if (typeof text !== 'string' || !text.startsWith(placeholder, slot.index) || value === undefined)
      throw new Error(`the request has no secret placeholder at ${slot.path.join('.')}`);
    parent[key] = text.slice(0, slot.index) + value + text.slice(slot.index + placeholder.length);
  }
  return root as FilledRequest;
}

function locate(
  root: object,
  slot: SecretSlot,
): { parent: Record<string | number, unknown>; key: string | number } {
  let parent = root as Record<string | number, unknown>;
  for (const key of slot.path.slice(0, -1)) {
    const next = parent[key];
    if (!next || typeof next !== 'object')
      throw new Error(`the request has no secret placeholder at ${slot.path.join('.')}`);
    parent = next as Record<string | number, unknown>;
  }
  return { parent, key: slot.path[slot.path.length - 1] };
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
