import type { z } from 'zod';

/** One element of a webhook batch that could not be read; the message starts with its path. */
export class ElementProblem extends Error {}

export function joinPath(base: string, segments: ReadonlyArray<PropertyKey>): string {
  let path = base;
  for (const segment of segments) {
    path += typeof segment === 'number' ? `[${segment}]` : path ? `.${String(segment)}` : String(segment);
  }
  return path || 'payload';
}

/** Parses `value` or throws an ElementProblem naming the first bad path, e.g. `entry[0].changes[1].value`. */
export function parseAt<T extends z.ZodType>(schema: T, value: unknown, path: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ElementProblem(`${joinPath(path, issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
}
