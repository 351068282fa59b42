import { parseWorkspaceTime } from '@leadline/campaigns';

/** The periods the editor offers; `custom` takes a first and a last day (inclusive). */
export type PeriodPreset = '24h' | '7d' | '30d' | 'custom';

export interface PeriodChoice {
  preset: PeriodPreset;
  /** YYYY-MM-DD, only for `custom`. */
  from?: string;
  to?: string;
}

export interface ResolvedPeriod {
  preset: PeriodPreset;
  /** Runs that started at or after `from` and before `to` are counted. */
  from: Date;
  to: Date;
  timeZone: string;
}

const DAY_MS = 86_400_000;

/** The calendar day `instant` falls on in `timeZone`, as YYYY-MM-DD. */
export function dayIn(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** `day` moved by `days` calendar days (no time zone involved: plain calendar arithmetic). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

function midnight(day: string, timeZone: string): Date {
  const at = parseWorkspaceTime(day, timeZone);
  if (!at) throw new Error(`not a day: ${day}`);
  return at;
}

/**
 * The instants a period covers, in the workspace's time zone: "last 24 hours" is rolling; "last 7
 * days" and "last 30 days" start at midnight so that today counts as one of the days; a custom range
 * runs from the first day's midnight to the midnight after its last day.
 */
export function resolvePeriod(choice: PeriodChoice, now: Date, timeZone: string): ResolvedPeriod {
  const today = dayIn(now, timeZone);
  switch (choice.preset) {
    case '24h':
      return { preset: '24h', from: new Date(now.getTime() - DAY_MS), to: now, timeZone };
    case '7d':
      return { preset: '7d', from: midnight(addDays(today, -6), timeZone), to: now, timeZone };
    case '30d':
      return { preset: '30d', from: midnight(addDays(today, -29), timeZone), to: now, timeZone };
    case 'custom': {
      const first = choice.from ?? today;
      const last = choice.to ?? today;
      return {
        preset: 'custom',
        from: midnight(first, timeZone),
        to: midnight(addDays(last, 1), timeZone),
        timeZone,
      };
    }
  }
}
