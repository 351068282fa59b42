/**
 * Checks on request input that no single route's schema should have to repeat: PostgreSQL refuses
 * NUL characters in text and jsonb (the query fails: a 500), and very deep JSON costs every recursive
 * walker after it (validation, serialisation, logging) stack and time. Both are found here with one
 * iterative walk, so the walk itself cannot overflow.
 */

/** Deeper than any flow document or lead (flows nest about 8 levels); arbitrary JSON is refused. */
export const MAX_JSON_DEPTH = 64;

export type InputProblem = { kind: 'nul'; path: string } | { kind: 'depth'; path: string };

/** The first NUL character or nesting beyond `maxDepth` in `value`, named by its path under `root`. */
export function findInputProblem(
  value: unknown,
  root: string,
  maxDepth = MAX_JSON_DEPTH,
): InputProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (item.value.includes('\u0000')) return { kind: 'nul', path: item.path };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth) return { kind: 'depth', path: item.path };
    for (const [key, child] of Object.entries(item.value)) {
      if (key.includes('\u0000'))
        return { kind: 'nul', path: `${item.path}.${key.replaceAll('\u0000', '\\u0000')}` };
      stack.push({ value: child, path: `${item.path}.${key}`, depth: item.depth + 1 });
    }
  }
  return null;
}

/** The message for a problem, in plain words. */
export function describeInputProblem(problem: InputProblem): string {
  return problem.kind === 'nul'
    ? `${problem.path}: contains a NUL character (\\u0000), which is not allowed`
    : `${problem.path}: is nested more than ${MAX_JSON_DEPTH} levels deep`;
}
