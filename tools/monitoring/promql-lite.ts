/**
 * Just enough PromQL to draw the repo's Grafana dashboard from scrapes of /metrics, where neither
 * Prometheus nor Grafana can run (no Docker here). It understands what the dashboard uses and fails
 * loudly on anything else: selectors with =, !=, =~ matchers; rate() and increase() over a range;
 * sum/max/min/count with `by (...)`; histogram_quantile(); a trailing `== <number>` filter.
 * Range functions take the first and last scrape inside the window (no extrapolation), which is
 * close enough for pictures, not for billing.
 */

export type Labels = Record<string, string>;
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
}
/** One scrape of every process, at `at` (ms). */
export interface Scrape {
  at: number;
  samples: Sample[];
}
export interface Point {
  labels: Labels;
  value: number;
}

/** Parses Prometheus text exposition (what /metrics answers). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Labels = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]] = pair[2].replace(/\\(.)/g, '$1');
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

type Node =
  | { kind: 'selector'; name: string; matchers: Array<[string, string, string]> }
  | { kind: 'range'; fn: 'rate' | 'increase'; selector: Node & { kind: 'selector' }; seconds: number }
  | { kind: 'agg'; op: 'sum' | 'max' | 'min' | 'count'; by: string[] | undefined; inner: Node }
  | { kind: 'quantile'; q: number; inner: Node }
  | { kind: 'compare'; inner: Node; value: number };

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.expr();
    this.space();
    if (this.pos !== this.text.length) this.fail('unexpected text');
    return node;
  }

  private expr(): Node {
    const node = this.term();
    this.space();
    if (this.text.startsWith('==', this.pos)) {
      this.pos += 2;
      return { kind: 'compare', inner: node, value: Number(this.take(/^\s*(-?[\d.]+)/)[1]) };
    }
    return node;
  }

  private term(): Node {
    this.space();
    const word = this.take(/^([a-zA-Z_:][\w:]*)/)[1];
    this.space();
    if (word === 'histogram_quantile') {
      this.expect('(');
      const q = Number(this.take(/^\s*([\d.]+)\s*,/)[1]);
      const inner = this.expr();
      this.expect(')');
      return { kind: 'quantile', q, inner };
    }
    if (word === 'rate' || word === 'increase') {
      this.expect('(');
      const selector = this.selector(this.take(/^\s*([a-zA-Z_:][\w:]*)/)[1]);
      const [, amount, unit] = this.take(/^\[(\d+)([smhd])\]/);
      this.expect(')');
      return { kind: 'range', fn: word, selector, seconds: Number(amount) * UNITS[unit] };
    }
    if (['sum', 'max', 'min', 'count'].includes(word)) {
      let by: string[] | undefined;
      if (this.text.startsWith('by', this.pos)) {
        by = this.take(/^by\s*\(([^)]*)\)/)[1]
          .split(',')
          .map((label) => label.trim())
          .filter(Boolean);
        this.space();
      }
      this.expect('(');
      const inner = this.expr();
      this.expect(')');
      return { kind: 'agg', op: word as 'sum', by, inner };
    }
    return this.selector(word);
  }

  private selector(name: string): Node & { kind: 'selector' } {
    const matchers: Array<[string, string, string]> = [];
    if (this.text[this.pos] === '{') {
      const body = this.take(/^\{([^}]*)\}/)[1];
      for (const m of body.matchAll(/(\w+)\s*(=~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g))
        matchers.push([m[1], m[2], m[3]]);
    }
    return { kind: 'selector', name, matchers };
  }

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  private expect(char: string): void {
    this.space();
    if (this.text[this.pos] !== char) this.fail(`expected "${char}"`);
    this.pos += 1;
  }

  private take(pattern: RegExp): RegExpExecArray {
    const match = pattern.exec(this.text.slice(this.pos));
    if (!match) this.fail(`expected ${pattern}`);
    this.pos += match![0].length;
    return match!;
  }

  private fail(what: string): never {
    throw new Error(`promql-lite: ${what} at ${this.pos} in ${this.text}`);
  }
}

export function parseQuery(query: string): Node {
  return new Parser(query.replace(/\s+/g, ' ').trim()).parse();
}

function matches(sample: Sample, selector: Node & { kind: 'selector' }): boolean {
  if (sample.name !== selector.name) return false;
  return selector.matchers.every(([label, op, value]) => {
    const actual = sample.labels[label] ?? '';
    if (op === '=') return actual === value;
    if (op === '!=') return actual !== value;
    return new RegExp(`^(?:${value})$`).test(actual);
  });
}

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());

/** Evaluates `query` at scrape `index` of `scrapes` (ordered by time). */
export function evaluate(query: string | Node, scrapes: Scrape[], index: number): Point[] {
  const node = typeof query === 'string' ? parseQuery(query) : query;
  switch (node.kind) {
    case 'selector':
      return scrapes[index].samples
        .filter((sample) => matches(sample, node))
        .map((sample) => ({ labels: { __name__: sample.name, ...sample.labels }, value: sample.value }));
    case 'range': {
      const end = scrapes[index];
      const first = scrapes.findIndex((scrape) => scrape.at >= end.at - node.seconds * 1_000);
      const start = scrapes[Math.min(first, index)];
      const before = new Map(
        start.samples.filter((s) => matches(s, node.selector)).map((s) => [key(s.labels), s.value]),
      );
      const seconds = Math.max(1, (end.at - start.at) / 1_000);
      return end.samples
        .filter((sample) => matches(sample, node.selector))
        .map((sample) => {
          const from = before.get(key(sample.labels)) ?? 0;
          const increase = sample.value >= from ? sample.value - from : sample.value; // a reset
          // Labels keep `le`; the metric name goes, as in PromQL.
          return { labels: { ...sample.labels }, value: node.fn === 'rate' ? increase / seconds : increase };
        });
    }
    case 'agg': {
      const groups = new Map<string, Point & { values: number[] }>();
      for (const point of evaluate(node.inner, scrapes, index)) {
        const labels: Labels = {};
        if (node.by) for (const label of node.by) labels[label] = point.labels[label] ?? '';
        const group = groups.get(key(labels)) ?? { labels, value: 0, values: [] };
        group.values.push(point.value);
        groups.set(key(labels), group);
      }
      return [...groups.values()].map(({ labels, values }) => ({
        labels,
        value:
          node.op === 'sum'
            ? values.reduce((a, b) => a + b, 0)
            : node.op === 'max'
              ? Math.max(...values)
              : node.op === 'min'
                ? Math.min(...values)
                : values.length,
      }));
    }
    case 'compare':
      return evaluate(node.inner, scrapes, index).filter((point) => point.value === node.value);
    case 'quantile': {
      const byGroup = new Map<string, { labels: Labels; buckets: Array<[number, number]> }>();
      for (const point of evaluate(node.inner, scrapes, index)) {
        const { le, ...labels } = point.labels;
        const group = byGroup.get(key(labels)) ?? { labels, buckets: [] };
        group.buckets.push([le === '+Inf' ? Infinity : Number(le), point.value]);
        byGroup.set(key(labels), group);
      }
      const out: Point[] = [];
      for (const { labels, buckets } of byGroup.values()) {
        const value = quantile(
          node.q,
          buckets.sort((a, b) => a[0] - b[0]),
        );
        if (value !== undefined) out.push({ labels, value });
      }
      return out;
    }
  }
}

/** Prometheus' bucket interpolation; undefined when nothing was observed. */
function quantile(q: number, buckets: Array<[number, number]>): number | undefined {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (!total) return undefined;
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (bound === Infinity) return previousBound;
      return (
        previousBound + ((bound - previousBound) * (rank - previousCount)) / (count - previousCount || 1)
      );
    }
    previousBound = bound;
    previousCount = count;
  }
  return previousBound;
}

/** Grafana's `{{label}}` legend. */
export function legend(format: string | undefined, labels: Labels): string {
  if (!format) return JSON.stringify(labels);
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}
