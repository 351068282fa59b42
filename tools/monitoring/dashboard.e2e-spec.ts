import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyStateSnapshot,
  createEngineMetrics,
  createMetricsRegistry,
  createStateGauges,
  createWebhookAckHistogram,
  sharedRefresh,
} from '@leadline/ops';
import { StateSnapshotReader, systemClock } from '@leadline/engine';
import { SandboxProvider } from '@leadline/whatsapp';
import { launchBrowser } from '../../apps/editor/test/support/browser';
import {
  delivered,
  exampleFlow,
  userMessage,
  waitFor,
  type Harness,
} from '../../libs/engine/test/support/engine-harness';
import { startEngineWorld } from '../../libs/engine/test/support/engine-world';
import { parseExposition, parseQuery, type Scrape } from './promql-lite';
import { panelSeries, renderDashboardHtml, type DashboardPanel } from './render-dashboard';
import { screenshotsDir } from '@leadline/testing';

const ROOT = join(__dirname, '..', '..');
const DASHBOARD = join(ROOT, 'docker/monitoring/grafana/dashboards/leadline.json');
const SCREENSHOT = join(screenshotsDir(), 'grafana-dashboard.png');
const HOUR = 3_600_000;

/** Metric names a query reads (histogram series end in _bucket). */
function metricNames(expr: string): string[] {
  const names: string[] = [];
  const walk = (node: ReturnType<typeof parseQuery>): void => {
    if (node.kind === 'selector') names.push(node.name);
    else if (node.kind === 'range') walk(node.selector);
    else walk(node.inner);
  };
  walk(parseQuery(expr));
  return names.map((name) => name.replace(/_bucket$/, ''));
}

/**
 * The repo's Grafana dashboard against real metrics: an embedded engine (PostgreSQL, BullMQ, sandbox
 * channel) handles conversations while its /metrics text is scraped every half second; every panel's
 * queries must name metrics the processes export, the engine's panels must show data, and the panels
 * are drawn to docs/screenshots/grafana-dashboard.png (Grafana itself cannot run here).
 */
describe('the Grafana dashboard (docker/monitoring) against a running engine', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    title: string;
    panels: DashboardPanel[];
  };
  const worker = createMetricsRegistry('worker');
  const api = createMetricsRegistry('api');
  const metrics = createEngineMetrics(worker);
  createWebhookAckHistogram(api);
  let h: Harness;
  let reader: StateSnapshotReader;

  beforeAll(async () => {
    const sandbox = new SandboxProvider();
    const world = await startEngineWorld({
      flows: [exampleFlow('lead-capture')],
      engine: { providers: () => sandbox, sweepIntervalMs: 250, channelPollMs: 250, metrics },
    });
    h = Object.assign(world, { sandbox });
    reader = new StateSnapshotReader(h.prisma, h.redis, systemClock, h.queuePrefix);
    const gauges = createStateGauges(
      worker,
      sharedRefresh(async () => applyStateSnapshot(gauges, await reader.read())),
    );
  });

  afterAll(async () => {
    await reader?.close();
    await h?.stop();
  });

  it('names only exported metrics, shows the engine at work, and renders every panel', async () => {
    const exported = new Set(
      [...(await worker.getMetricsAsJSON()), ...(await api.getMetricsAsJSON())].map((m) => m.name),
    );
    exported.add('up');
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        for (const name of metricNames(target.expr))
          expect({ panel: panel.title, name, known: exported.has(name) }).toEqual({
            panel: panel.title,
            name,
            known: true,
          });
      }
    }

    const scrapes: Scrape[] = [];
    let scraping = true;
    const scraper = (async () => {
      while (scraping) {
        const text = (await worker.metrics()) + (await api.metrics());
        const samples = parseExposition(text);
        samples.push({ name: 'up', labels: { job: 'leadline-worker' }, value: 1 });
        scrapes.push({ at: Date.now(), samples });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();

    // Traffic: conversations that wait on a question, one handed to a person, one whose window
    // the provider says is closed (refused, then the re-engagement template instead).
    for (let n = 0; n < 6; n++) {
      const phone = `+35191600000${n}`;
      await h.client.ingest(userMessage(h, phone, 'Hi, info on solar please'));
      await waitFor(`contact ${n}'s question`, () => delivered(h, phone).length >= 2 || undefined);
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    const hot = '+351916000009';
    await h.client.ingest(userMessage(h, hot, 'Hi, info on solar please'));
    await waitFor('the name question', () => delivered(h, hot).length >= 2 || undefined);
    for (const [answer, count] of [
      ['Ana Sousa', 3],
      [{ button: 'business' }, 4],
      ['€ 20.000', 5],
      ['ANA@example.com', 6],
    ] as const) {
      await h.client.ingest(userMessage(h, hot, answer));
      await waitFor(`message ${count}`, () => delivered(h, hot).length >= count || undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const late = '+351916000010';
    const message = userMessage(h, late, 'Hello again');
    h.sandbox.setLastInbound(late, new Date(Date.now() - 25 * HOUR));
    await h.client.ingest(message);
    await waitFor('the re-engagement template', () =>
      delivered(h, late).includes('template:still_interested') ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    scraping = false;
    await scraper;

    const byTitle = new Map(dashboard.panels.map((panel) => [panel.title, panelSeries(panel, scrapes)]));
    const last = (title: string, series: string) =>
      byTitle.get(title)?.get(series)?.filter(Number.isFinite).at(-1);
    expect(last('Handoffs waiting for a person', 'waiting')).toBe(1);
    expect(last('Fallbacks to templates (24 h)', 'fallbacks')).toBe(1);
    expect(last('Timers pending and overdue', 'pending')).toBe(7);
    expect(byTitle.get('Steps by outcome')?.has('waiting')).toBe(true);
    expect(byTitle.get('Messages sent by status')?.has('sandbox sent')).toBe(true);
    expect(byTitle.get('Failed sends by error code (1 h)')?.has('131047')).toBe(true);

    const browser = await launchBrowser({ width: 24 * 58, height: 900 });
    try {
      const page = await browser.context.newPage();
      await page.setContent(
        renderDashboardHtml(
          dashboard,
          scrapes,
          `panels of docker/monitoring/grafana/dashboards/leadline.json, evaluated on ${scrapes.length} scrapes of a running engine`,
        ),
      );
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
