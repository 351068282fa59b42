import { validateFlow, type Flow } from '@leadline/flow-core';

/**
 * Parsed flow versions by id. Versions are immutable, so a parsed copy never goes stale, and keeping
 * the same object lets the core reuse its compiled index.
 */
const cache = new Map<string, Flow>();
const LIMIT = 2_000;

export function parsedFlow(versionId: string, definition: unknown): Flow {
  const cached = cache.get(versionId);
  if (cached) return cached;
  const result = validateFlow(definition);
  if (!result.flow || !result.ok) {
    throw new Error(
      `flow version ${versionId} does not validate: ${result.diagnostics[0]?.message ?? 'unknown problem'}`,
    );
  }
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(versionId, result.flow);
  return result.flow;
}
