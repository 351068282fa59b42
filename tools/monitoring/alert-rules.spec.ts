// The alert rules (docker/monitoring/prometheus/alerts.yml) name only metrics that exist: Leadline's
// own (declared in the sources) and the Temporal SDK's (declared in the sdk-core sources shipped with
// the pinned @temporalio/core-bridge). A renamed metric would leave its alert silent for ever.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const RULES = readFileSync(join(ROOT, 'docker/monitoring/prometheus/alerts.yml'), 'utf8');
const SDK_METRICS = [
  'node_modules/@temporalio/core-bridge/sdk-core/crates/sdk-core/src/telemetry/metrics.rs',
  'node_modules/@temporalio/core-bridge/sdk-core/crates/common/src/telemetry/metrics.rs',
].map((file) => readFileSync(join(ROOT, file), 'utf8'));

interface Rule {
  alert: string;
  body: string;
}

/** Each `- alert:` block, up to the next one or the next group. */
function rules(text: string): Rule[] {
  return text
    .split(/\n\s*- (?=alert:|name:)/)
    .filter((block) => block.startsWith('alert:'))
    .map((block) => ({ alert: /^alert:\s*(\S+)/.exec(block)![1], body: block }));
}

/** The metric a series name belongs to (histograms add _bucket, _count, _sum). */
const metricOf = (series: string) => series.replace(/_(bucket|count|sum)$/, '');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.ts$/.test(entry) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

const SOURCES = ['libs', 'apps']
  .flatMap((dir) => sourceFiles(join(ROOT, dir)))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

describe('alert rules', () => {
  const all = rules(RULES);

  it('each rule has an expression, a duration, a severity and a summary', () => {
    expect(all.length).toBeGreaterThan(5);
    for (const rule of all) {
      expect([rule.alert, /\n\s*expr:/.test(rule.body)]).toEqual([rule.alert, true]);
      expect([rule.alert, /\n\s*for:\s*\d+[smh]/.test(rule.body)]).toEqual([rule.alert, true]);
      expect([rule.alert, /severity:\s*(critical|warning|info)/.test(rule.body)]).toEqual([rule.alert, true]);
      expect([rule.alert, /\n\s*summary:/.test(rule.body)]).toEqual([rule.alert, true]);
    }
  });

  it('names only Leadline metrics the sources declare', () => {
    const names = [...new Set(RULES.match(/\bleadline_[a-z_]+/g) ?? [])].map(metricOf);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect([name, SOURCES.includes(`'${name}'`)]).toEqual([name, true]);
  });

  it("alerts on the Temporal SDK's failing workflow tasks and activities, by names the pinned SDK exports", () => {
    const temporal = all.filter((rule) => /temporal_/.test(rule.body));
    expect(temporal.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining(['LeadlineTemporalWorkflowTaskFailing', 'LeadlineTemporalActivityFailures']),
    );
    const names = [...new Set(RULES.match(/\btemporal_[a-z_]+/g) ?? [])].map((series) =>
      metricOf(series).replace(/^temporal_/, ''),
    );
    expect(names).toEqual(
      expect.arrayContaining(['workflow_task_execution_failed', 'activity_execution_failed']),
    );
    for (const name of names)
      expect([name, SDK_METRICS.some((source) => source.includes(`"${name}"`))]).toEqual([name, true]);
  });

  it('the check can fail: a misspelt metric is not found', () => {
    expect(SDK_METRICS.some((source) => source.includes('"workflow_task_execution_failure"'))).toBe(false);
    expect(SOURCES.includes("'leadline_messages_send_total'")).toBe(false);
  });
});
