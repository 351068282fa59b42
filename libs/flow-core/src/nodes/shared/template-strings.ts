import type { ExpressionField } from '../node-definition';

/** Every string inside a JSON value, as `{{ }}` texts for the validator. */
export function templateStrings(value: unknown, path: string): ExpressionField[] {
  if (typeof value === 'string') return [{ path, kind: 'template', source: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => templateStrings(item, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => templateStrings(item, `${path}.${key}`));
  }
  return [];
}
