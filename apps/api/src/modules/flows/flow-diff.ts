/** One node or edge of a flow document, as far as the diff needs to know it. */
interface Identified {
  id: string;
  [key: string]: unknown;
}

export interface ChangedItem {
  id: string;
  /** Top-level fields that differ, e.g. `data`, `position`, `target`. */
  fields: string[];
}

export interface ItemDiff {
  added: string[];
  removed: string[];
  changed: ChangedItem[];
}

export interface FlowDiff {
  nodes: ItemDiff;
  edges: ItemDiff;
  /** Envelope fields (name, settings, description...) that differ. */
  flow: string[];
  /** True when nothing that matters differs (node positions are layout, and are ignored). */
  same: boolean;
}

/** Deep equality of JSON values (documents come from JSON, whatever realm built the objects). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => jsonEqual(item, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  return (
    keys.length === Object.keys(right).filter((key) => right[key] !== undefined).length &&
    keys.every((key) => jsonEqual(left[key], right[key]))
  );
}

/** Where a node sits on the canvas changes nothing a contact sees: a move is not a change. */
const LAYOUT_FIELDS = new Set(['position']);

function items(value: unknown): Identified[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is Identified =>
      typeof item === 'object' && item !== null && typeof (item as Identified).id === 'string',
  );
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, ignore: Set<string>) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !ignore.has(key) && !jsonEqual(before[key], after[key])).sort();
}

function diffItems(before: unknown, after: unknown, ignore: Set<string>): ItemDiff {
  const old = new Map(items(before).map((item) => [item.id, item]));
  const next = new Map(items(after).map((item) => [item.id, item]));
  const changed: ChangedItem[] = [];
  for (const [id, item] of next) {
    const previous = old.get(id);
    if (!previous) continue;
    const fields = changedFields(previous, item, ignore);
    if (fields.length) changed.push({ id, fields });
  }
  return {
    added: [...next.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !next.has(id)),
    changed,
  };
}

/**
 * What changed between two flow documents, node by node and edge by edge (matched by id). Works on
 * drafts that do not validate yet: anything without an id is simply not compared.
 */
export function diffFlows(before: unknown, after: unknown): FlowDiff {
  const nodes = diffItems(record(before).nodes, record(after).nodes, LAYOUT_FIELDS);
  const edges = diffItems(record(before).edges, record(after).edges, new Set());
  const flow = changedFields(record(before), record(after), new Set(['nodes', 'edges']));
  const empty = (diff: ItemDiff) => !diff.added.length && !diff.removed.length && !diff.changed.length;
  return { nodes, edges, flow, same: empty(nodes) && empty(edges) && flow.length === 0 };
}
