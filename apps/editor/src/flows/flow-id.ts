import { FLOW_ID_PATTERN } from '@leadline/flow-core';

/**
 * A flow id people never have to type: derived from the name ("Spring promo!" → `spring-promo`),
 * lowercase letters, digits and "-" only, at most 64 characters (the flow format's id rule).
 */
export function flowIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return slug || 'flow';
}

/** `base`, or `base-2`, `base-3`… : the first one no flow in `taken` uses. */
export function freeFlowId(base: string, taken: ReadonlySet<string>): string {
  const root = base.slice(0, 56).replace(/-+$/, '') || 'flow';
  let id = root;
  for (let n = 2; taken.has(id); n += 1) id = `${root}-${n}`;
  return id;
}

export function isFlowId(id: string): boolean {
  return FLOW_ID_PATTERN.test(id);
}
