import { checkExpression, evaluateExpression, type ExpressionContext } from './expression';

const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;

/** The `{{ expression }}` placeholders in a text field. */
export function findPlaceholders(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER), (match) => match[1].trim());
}

/** Parse errors of every placeholder in a text, with the placeholder that failed. */
export function checkTemplate(text: string): string[] {
  const problems: string[] = [];
  const opens = (text.match(/\{\{/g) ?? []).length;
  const closes = (text.match(/\}\}/g) ?? []).length;
  if (opens !== closes) problems.push('a "{{" has no matching "}}"');
  for (const expression of findPlaceholders(text)) {
    const problem = checkExpression(expression);
    if (problem) problems.push(`{{ ${expression} }}: ${problem}`);
  }
  return problems;
}

export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export interface InterpolateOptions {
  /** Placeholders left as they are, for the engine to fill later (e.g. `{{secrets.crm_token}}`). */
  preserve?: (expression: string) => boolean;
}

/** `{{secrets.NAME}}`: resolved by the engine from the workspace's secrets, never stored in a run. */
export const SECRET_REFERENCE = /^secrets\.[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export async function interpolate(
  text: string,
  context: ExpressionContext,
  options: InterpolateOptions = {},
): Promise<string> {
  if (!text.includes('{{')) return text;
  let result = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    result += text.slice(last, match.index);
    const expression = match[1].trim();
    result += options.preserve?.(expression)
      ? match[0]
      : stringify(await evaluateExpression(expression, context));
    last = (match.index ?? 0) + match[0].length;
  }
  return result + text.slice(last);
}

/** Interpolates every string inside a JSON value (objects and arrays recursively). */
export async function interpolateDeep(
  value: unknown,
  context: ExpressionContext,
  options: InterpolateOptions = {},
): Promise<unknown> {
  if (typeof value === 'string') return interpolate(value, context, options);
  if (Array.isArray(value)) return Promise.all(value.map((item) => interpolateDeep(item, context, options)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(
        async ([key, item]) => [key, await interpolateDeep(item, context, options)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
  return value;
}
