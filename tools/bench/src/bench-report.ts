export interface BenchResult {
  name: string;
  /** Headline figures, e.g. { 'events/s': 41000, 'p99 µs': 85 }. */
  metrics: Record<string, number>;
  notes?: string;
  /** Lines printed under the table, e.g. a profile's hottest functions. */
  details?: string[];
  /** Structured extras kept in the results JSON only (e.g. the `--pg-stats` report). */
  data?: Record<string, unknown>;
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A plain-text table for people; --json prints the same results for machines. */
export function renderTable(results: BenchResult[]): string {
  const rows = results.flatMap((result) =>
    Object.entries(result.metrics).map(([metric, value]) => [result.name, metric, format(value)]),
  );
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((row) => row[i].length), ['benchmark', 'metric', 'value'][i].length),
  );
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  const extras = results.flatMap((result) => [
    ...(result.notes ? [`${result.name}: ${result.notes}`] : []),
    ...(result.details ?? []),
  ]);
  return [
    line(['benchmark', 'metric', 'value']),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(extras.length ? ['', ...extras] : []),
  ].join('\n');
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
