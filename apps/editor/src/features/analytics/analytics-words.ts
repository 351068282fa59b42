// The analytics view's words: periods, totals and a step's figures, in plain language (no port ids).
import type { AnalyticsQuery, FlowAnalytics, NodeAnalytics } from '../../api/api-client';
import { nodePorts } from '../../flows/node-view';

export type PeriodPreset = NonNullable<AnalyticsQuery['period']>;

export const PERIODS: Array<{ value: PeriodPreset; label: string }> = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'custom', label: 'Custom range' },
];

/** How long a run may wait for a reply (where its step sets no time) before it counts as dropped. */
export const IDLE_CHOICES: Array<{ hours: number; label: string }> = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
];

export function percent(part: number, whole: number): string {
  return whole ? `${Math.round((part / whole) * 100)}%` : '0%';
}

/** "Runs that started from 30 Nov 2026 to 6 Dec 2026 (Asia/Tokyo)": the period as the workspace counts it. */
export function periodSentence(period: FlowAnalytics['period']): string {
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: period.timeZone });
  const moment = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: period.timeZone,
  });
  const from = new Date(period.from);
  // A custom range ends at the midnight after its last day: name the last day itself.
  const to = new Date(Date.parse(period.to) - (period.preset === 'custom' ? 1 : 0));
  const format = period.preset === '24h' ? moment : day;
  return `Runs that started from ${format.format(from)} to ${format.format(to)} (${period.timeZone} time)`;
}

export interface TotalLine {
  key: string;
  label: string;
  value: number;
  /** Explains the figure on hover: how it is counted. */
  hint: string;
}

/** The totals, the three that always matter first; the rarer outcomes only when they happened. */
export function totalLines(totals: FlowAnalytics['totals']): TotalLine[] {
  const lines: TotalLine[] = [
    { key: 'started', label: 'Started', value: totals.started, hint: 'Runs that started in the period' },
    {
      key: 'completed',
      label: 'Completed',
      value: totals.completed,
      hint: 'Reached an end, and the contact answered the last question',
    },
    {
      key: 'inProgress',
      label: 'Still in progress',
      value: totals.inProgress,
      hint: 'Waiting for a reply or a timer that has not run out yet',
    },
    {
      key: 'dropped',
      label: 'Dropped',
      value: totals.dropped,
      hint: 'The contact stopped answering: a question got no answer in time, or the run waits too long',
    },
  ];
  const rare: TotalLine[] = [
    { key: 'handedOff', label: 'Handed to your team', value: totals.handedOff, hint: 'A person took over' },
    {
      key: 'failed',
      label: 'Stopped by an error',
      value: totals.failed,
      hint: 'A step failed with nowhere to go',
    },
    {
      key: 'cancelled',
      label: 'Cancelled',
      value: totals.cancelled,
      hint: 'Stopped by a person or a newer run',
    },
  ];
  return [...lines, ...rare.filter((line) => line.value > 0)];
}

/** A step's exits with their plain labels ("If they don't answer", a button's title) and counts. */
export function exitLines(
  type: string,
  config: Record<string, unknown>,
  stats: NodeAnalytics | undefined,
): Array<{ label: string; runs: number }> {
  const ports = nodePorts(type, config);
  return ports
    .map((port) => ({ label: port.label, runs: stats?.ports[port.id] ?? 0 }))
    .filter((line) => line.runs > 0);
}

/** The card's one-line summary of a step: reached, waiting, dropped. */
export function stepSentence(stats: NodeAnalytics | undefined): string {
  if (!stats || stats.reached === 0) return 'Nobody reached this step yet';
  const parts = [`${stats.reached} reached`];
  if (stats.inProgress) parts.push(`${stats.inProgress} waiting here`);
  if (stats.dropped) parts.push(`${stats.dropped} dropped here (${percent(stats.dropped, stats.reached)})`);
  return parts.join(' · ');
}
