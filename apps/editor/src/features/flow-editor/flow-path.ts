import type { FlowEntry } from '../../flows/flow-entry';

/**
 * The part of /flows/:flowKey that names a flow: a workspace flow by its key (`lead-capture`), an
 * example by `example-` and its file's base name, an imported flow by its sidebar key.
 */
export function flowPathKey(entry: FlowEntry): string {
  const base = entry.fileName.replace(/\.flow\.json$|\.json$/, '');
  if (entry.source === 'remote') return base;
  if (entry.source === 'example') return `example-${base}`;
  return entry.key;
}

export function findByPathKey(flows: readonly FlowEntry[], pathKey: string): FlowEntry | undefined {
  return flows.find((entry) => flowPathKey(entry) === pathKey);
}
