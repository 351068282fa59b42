/**
 * "2026-12-24T09:00" in the workspace's time zone, as an instant. A time with an offset or `Z` is
 * taken as written. Uses Intl only: the zone's offset at that wall time, corrected once for a DST edge.
 */
export function parseWorkspaceTime(text: string, timeZone: string): Date | undefined {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const at = new Date(text);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (Number.isNaN(wall)) return undefined;
  let at = wall - offsetMs(wall, timeZone);
  at = wall - offsetMs(at, timeZone);
  return new Date(at);
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The workspace's time zone from its settings (settings.timeZone, else the documents' one), else UTC. */
export function workspaceTimeZone(settings: unknown): string {
  const s = (settings ?? {}) as { timeZone?: unknown; documents?: { timeZone?: unknown } };
  for (const zone of [s.timeZone, s.documents?.timeZone]) {
    if (typeof zone !== 'string') continue;
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return zone;
    } catch {
      // not a zone: try the next
    }
  }
  return 'UTC';
}
