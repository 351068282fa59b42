import type { ContactQuery, LastMessageFilter, OptInState } from './contacts-api';

/**
 * The Contacts screen's filters as a saved segment (libs/campaigns segment-filter.ts) and back. A
 * segment saved here is "all of" the filters in use, so choosing it again restores the same screen;
 * segments built over the API with any/not trees are counted and used by campaigns, but not shown as
 * filters here.
 */
export type SegmentCondition =
  | { kind: 'tag'; op: 'has'; tag: string }
  | { kind: 'stage'; op: 'is'; stage: string }
  | { kind: 'stage'; op: 'none' }
  | { kind: 'opt_in'; state: OptInState }
  | { kind: 'last_inbound'; op: 'within' | 'before' | 'never'; days?: number }
  | { kind: 'field'; key: string; op: 'equals' | 'exists'; value?: string };

export interface SegmentFilter {
  all: SegmentCondition[];
}

const LAST_MESSAGE: Record<LastMessageFilter, Extract<SegmentCondition, { kind: 'last_inbound' }>> = {
  '24h': { kind: 'last_inbound', op: 'within', days: 1 },
  '7d': { kind: 'last_inbound', op: 'within', days: 7 },
  '30d': { kind: 'last_inbound', op: 'within', days: 30 },
  older: { kind: 'last_inbound', op: 'before', days: 30 },
  never: { kind: 'last_inbound', op: 'never' },
};

/** The filters in use as a segment; `left out` names what a segment cannot keep (the search text). */
export function segmentFromQuery(
  query: ContactQuery,
  stages: ReadonlyArray<{ id: string; name: string }>,
): { filter: SegmentFilter; leftOut: string[] } {
  const all: SegmentCondition[] = [];
  const leftOut: string[] = [];
  if (query.tag) all.push({ kind: 'tag', op: 'has', tag: query.tag });
  if (query.stage === 'none') all.push({ kind: 'stage', op: 'none' });
  else if (query.stage) {
    const stage = stages.find((item) => item.id === query.stage);
    if (stage) all.push({ kind: 'stage', op: 'is', stage: stage.name });
  }
  if (query.optIn) all.push({ kind: 'opt_in', state: query.optIn });
  if (query.lastMessage && LAST_MESSAGE[query.lastMessage]) all.push(LAST_MESSAGE[query.lastMessage]);
  if (query.field) {
    all.push(
      query.value
        ? { kind: 'field', key: query.field, op: 'equals', value: query.value }
        : { kind: 'field', key: query.field, op: 'exists' },
    );
  }
  if (query.q) leftOut.push('the search text');
  return { filter: { all }, leftOut };
}

/** A saved segment as the screen's filters, or null when it cannot be shown as them. */
export function queryFromSegment(
  filter: unknown,
  stages: ReadonlyArray<{ id: string; name: string }>,
): ContactQuery | null {
  const all = (filter as { all?: unknown } | null)?.all;
  if (!Array.isArray(all)) return null;
  const query: ContactQuery = {};
  const seen = new Set<string>();
  for (const raw of all as Array<Record<string, unknown>>) {
    const kind = String(raw?.kind);
    // One condition per filter: two tags or two stages cannot be shown as the screen's filters.
    const slot = kind === 'field' ? 'field' : kind;
    if (seen.has(slot)) return null;
    seen.add(slot);
    if (kind === 'tag' && raw.op === 'has' && typeof raw.tag === 'string') query.tag = raw.tag;
    else if (kind === 'stage' && raw.op === 'none') query.stage = 'none';
    else if (kind === 'stage' && raw.op === 'is' && typeof raw.stage === 'string') {
      const stage = stages.find((item) => item.name.toLowerCase() === String(raw.stage).toLowerCase());
      if (!stage) return null;
      query.stage = stage.id;
    } else if (kind === 'opt_in' && typeof raw.state === 'string') query.optIn = raw.state as OptInState;
    else if (kind === 'last_inbound') {
      const entry = Object.entries(LAST_MESSAGE).find(
        ([, condition]) => condition.op === raw.op && (condition.days ?? null) === (raw.days ?? null),
      );
      if (!entry) return null;
      query.lastMessage = entry[0] as LastMessageFilter;
    } else if (
      kind === 'field' &&
      typeof raw.key === 'string' &&
      (raw.op === 'equals' || raw.op === 'exists')
    ) {
      query.field = raw.key;
      if (raw.op === 'equals' && typeof raw.value === 'string') query.value = raw.value;
    } else return null;
  }
  return query;
}
