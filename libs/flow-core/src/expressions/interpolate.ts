import { evaluateExpression, expressionProblem, type ExpressionContext } from './expression';

const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;

/** The `{{ expression }}` placeholders in a text field. */
export function findPlaceholders(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER), (match) => match[1].trim());
}

/** Parse errors of every placeholder in a text, with the placeholder that failed. */
export function checkTemplate(text: string): string[] {
  return templateProblems(text).map((problem) => problem.message);
}

/** Like checkTemplate, with the validation code of each problem (`EXPRESSION` or `PATTERN`). */
export function templateProblems(text: string): Array<{ code: 'EXPRESSION' | 'PATTERN'; message: string }> {
  const problems: Array<{ code: 'EXPRESSION' | 'PATTERN'; message: string }> = [];
  const opens = (text.match(/\{\{/g) ?? []).length;
  const closes = (text.match(/\}\}/g) ?? []).length;
  if (opens !== closes) problems.push({ code: 'EXPRESSION', message: 'a "{{" has no matching "}}"' });
  for (const expression of findPlaceholders(text)) {
    const problem = expressionProblem(expression);
    if (problem) problems.push({ code: problem.code, message: `{{ ${expression} }}: ${problem.message}` });
  }
  return problems;
}

export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `{{secrets.NAME}}`: resolved by the engine from the workspace's secrets, never stored in a run. */
export const SECRET_REFERENCE = /^secrets\.([A-Za-z_][A-Za-z0-9_]{0,63})$/;

/**
 * Where the flow author wrote `{{secrets.NAME}}` in a rendered request: the string at `path` inside
 * the request (e.g. `['headers', 'Authorization']`) holds the text `{{secrets.NAME}}` at `index`.
 * The engine fills in secrets only at these places. Text that merely looks like a placeholder —
 * typed by a contact, answered by an AI or read from any variable — is data, never a slot.
 */
export interface SecretSlot {
  path: Array<string | number>;
  index: number;
  name: string;
}

/** The text the core leaves at a secret slot (always this form, whatever spacing the author used). */
export function secretPlaceholder(name: string): string {
  return `{{secrets.${name}}}`;
}

export async function interpolate(text: string, context: ExpressionContext): Promise<string> {
  return (await render(text, context, false)).text;
}

/**
 * Interpolates a template, leaving the author's `{{secrets.NAME}}` placeholders as slots. Secrets are
 * recognised in the literal template only, before any value is filled in, and interpolated values
 * are never scanned again: a contact who types `{{secrets.crm_token}}` sends that text, not the token.
 */
async function render(
  text: string,
  context: ExpressionContext,
  keepSecrets: boolean,
): Promise<{ text: string; slots: Array<{ index: number; name: string }> }> {
  const slots: Array<{ index: number; name: string }> = [];
  if (!text.includes('{{')) return { text, slots };
  let result = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    result += text.slice(last, match.index);
    const expression = match[1].trim();
    const secret = keepSecrets ? SECRET_REFERENCE.exec(expression) : null;
    if (secret) {
      slots.push({ index: result.length, name: secret[1] });
      result += secretPlaceholder(secret[1]);
    } else {
      result += stringify(await evaluateExpression(expression, context));
    }
    last = (match.index ?? 0) + match[0].length;
  }
  return { text: result + text.slice(last), slots };
}

/**
 * Interpolates every string inside a JSON value like interpolateDeep, and returns where the author's
 * secrets go (paths start at `path`).
 */
export async function interpolateWithSecretSlots(
  value: unknown,
  context: ExpressionContext,
  path: Array<string | number>,
): Promise<{ value: unknown; slots: SecretSlot[] }> {
  const slots: SecretSlot[] = [];
  async function visit(item: unknown, at: Array<string | number>): Promise<unknown> {
    if (typeof item === 'string') {
      const rendered = await render(item, context, true);
      for (const slot of rendered.slots) slots.push({ path: at, ...slot });
      return rendered.text;
    }
    if (Array.isArray(item)) return Promise.all(item.map((entry, index) => visit(entry, [...at, index])));
    if (item && typeof item === 'object') {
      const entries = await Promise.all(
        Object.entries(item).map(async ([key, entry]) => [key, await visit(entry, [...at, key])] as const),
      );
      return Object.fromEntries(entries);
    }
    return item;
  }
  const rendered = await visit(value, path);
  return { value: rendered, slots };
}

/** Interpolates every string inside a JSON value (objects and arrays recursively). */
export async function interpolateDeep(value: unknown, context: ExpressionContext): Promise<unknown> {
  if (typeof value === 'string') return interpolate(value, context);
  if (Array.isArray(value)) return Promise.all(value.map((item) => interpolateDeep(item, context)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await interpolateDeep(item, context)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}
