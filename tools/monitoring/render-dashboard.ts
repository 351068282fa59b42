import { evaluate, legend, type Scrape } from './promql-lite';

export interface DashboardPanel {
  id: number;
  type: 'timeseries' | 'stat';
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  fieldConfig?: { defaults?: { unit?: string } };
  targets: Array<{ expr: string; legendFormat?: string }>;
}

const COLUMN = 58;
const ROW = 30;
const COLOURS = ['#73bf69', '#f2cc0c', '#5794f2', '#ff9830', '#f2495c', '#b877d9', '#8ab8ff', '#96d98d'];

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function format(value: number, unit: string | undefined): string {
  if (unit === 's') return value < 1 ? `${(value * 1_000).toFixed(0)} ms` : `${value.toFixed(1)} s`;
  if (unit === 'ops') return `${value.toFixed(2)}/s`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** The series of one panel over every scrape: legend → values (NaN where absent). */
export function panelSeries(panel: DashboardPanel, scrapes: Scrape[]): Map<string, number[]> {
  const series = new Map<string, number[]>();
  scrapes.forEach((_, index) => {
    for (const target of panel.targets) {
      for (const point of evaluate(target.expr, scrapes, index)) {
        const name = legend(target.legendFormat, point.labels);
        const values = series.get(name) ?? new Array<number>(scrapes.length).fill(NaN);
        values[index] = point.value;
        series.set(name, values);
      }
    }
  });
  return series;
}

function chart(panel: DashboardPanel, scrapes: Scrape[], width: number, height: number): string {
  const unit = panel.fieldConfig?.defaults?.unit;
  const series = panelSeries(panel, scrapes);
  if (panel.type === 'stat') {
    const values = [...series.values()].map((v) => v.filter((x) => !Number.isNaN(x)).at(-1));
    const last = values.find((v) => v !== undefined);
    return `<div class="stat">${last === undefined ? 'No data' : escape(format(last, unit))}</div>`;
  }
  if (!series.size) return '<div class="empty">No data</div>';
  const all = [...series.values()].flat().filter((v) => Number.isFinite(v));
  const max = Math.max(...all, 0) || 1;
  const plotH = height - 24 * Math.ceil(series.size / 3) - 20;
  const x = (i: number) => 40 + (i / Math.max(1, scrapes.length - 1)) * (width - 50);
  const y = (v: number) => 8 + plotH - (v / max) * plotH;
  const lines = [...series.entries()].map(([, values], n) => {
    let d = '';
    values.forEach((v, i) => {
      if (Number.isFinite(v))
        d += `${d && Number.isFinite(values[i - 1]) ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    return `<path d="${d}" fill="none" stroke="${COLOURS[n % COLOURS.length]}" stroke-width="2"/>`;
  });
  const grid = [0, 0.5, 1]
    .map(
      (f) =>
        `<line x1="40" x2="${width - 10}" y1="${y(max * f)}" y2="${y(max * f)}" stroke="#2c3235"/>` +
        `<text x="36" y="${y(max * f) + 4}" text-anchor="end">${escape(format(max * f, unit))}</text>`,
    )
    .join('');
  const legends = [...series.keys()]
    .map(
      (name, n) =>
        `<span><i style="background:${COLOURS[n % COLOURS.length]}"></i>${escape(name.trim() || 'value')}</span>`,
    )
    .join('');
  return `<svg width="${width}" height="${plotH + 16}">${grid}${lines.join('')}</svg><div class="legend">${legends}</div>`;
}

/** A Grafana-like page of the dashboard's panels, laid out by their gridPos. */
export function renderDashboardHtml(
  dashboard: { title: string; panels: DashboardPanel[] },
  scrapes: Scrape[],
  caption: string,
): string {
  const panels = dashboard.panels.map((panel) => {
    const { x, y, w, h } = panel.gridPos;
    const width = w * COLUMN - 8;
    const height = h * ROW - 8;
    return (
      `<section style="left:${x * COLUMN}px;top:${y * ROW + 50}px;width:${width}px;height:${height}px">` +
      `<h2>${escape(panel.title)}</h2>${chart(panel, scrapes, width, height - 26)}</section>`
    );
  });
  const bottom = Math.max(...dashboard.panels.map((p) => (p.gridPos.y + p.gridPos.h) * ROW)) + 60;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body{margin:0;background:#111217;color:#ccccdc;font:12px Inter,Helvetica,Arial,sans-serif;position:relative;height:${bottom}px;width:${24 * COLUMN}px}
    header{position:absolute;left:8px;top:10px;font-size:18px;color:#fff} header small{font-size:12px;color:#8e8e9e;margin-left:12px}
    section{position:absolute;background:#181b1f;border:1px solid #2c3235;border-radius:2px;overflow:hidden;margin:4px}
    h2{font-size:13px;font-weight:500;margin:6px 8px;color:#d8d9da}
    svg text{fill:#8e8e9e;font-size:10px}
    .legend{padding:0 8px;display:flex;flex-wrap:wrap;gap:4px 12px}.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
    .stat{font-size:32px;color:#73bf69;padding:4px 12px}.empty{color:#8e8e9e;padding:30px;text-align:center}
  </style></head><body><header>${escape(dashboard.title)}<small>${escape(caption)}</small></header>${panels.join('')}</body></html>`;
}
