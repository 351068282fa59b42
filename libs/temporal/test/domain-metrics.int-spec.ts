// Issue 24 item 6 (issue 23 item 3 for Temporal): the Temporal worker exports the engine's domain
// metrics like the embedded engine does: the same counters (@leadline/ops createEngineMetrics),
// counted by the same code (ContactProcessor, sendMessages) inside the contact activities.
import { createEngineMetrics } from '@leadline/ops';
import { Registry } from 'prom-client';
import { createHarness, type Harness } from './support/harness';

const HOUR = 3_600_000;

/** The value of one series of the registry (the sum over series matching `labels`). */
async function value(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  return values
    .filter((v) => wanted.every(([key, expected]) => String(v.labels[key] ?? '') === expected))
    .filter((v) => !('metricName' in v) || v.metricName === name || v.metricName === `${name}_count`)
    .reduce((sum, v) => sum + v.value, 0);
}

describe('Temporal engine: steps, sends and fallbacks counted as on the embedded engine', () => {
  let h: Harness;
  const registry = new Registry();

  beforeAll(async () => {
    h = await createHarness({
      flows: ['lead-capture'],
      templates: [{ name: 'still_interested', category: 'marketing' }],
      metrics: createEngineMetrics(registry),
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('counts a step by the run status it left, the event applied and the messages sent', async () => {
    const phone = '+351917000001';
    await h.client.ingest(h.says(phone, 'Hi, info on solar please'));
    await h.host.idle();
    expect(h.host.errors).toEqual([]);
    expect(await value(registry, 'leadline_steps_total', { outcome: 'waiting' })).toBe(1);
    expect(
      await value(registry, 'leadline_contact_events_total', { event: 'inbound', outcome: 'applied' }),
    ).toBe(1);
    expect(await value(registry, 'leadline_step_duration_seconds', { event: 'inbound' })).toBe(1);
    expect(
      await value(registry, 'leadline_messages_sent_total', {
        provider: 'sandbox',
        status: 'sent',
        error_code: '',
      }),
    ).toBe(2);
    expect(await value(registry, 'leadline_send_duration_seconds', { provider: 'sandbox' })).toBe(2);
    // No tenant, contact or run id is ever a label.
    const text = await registry.metrics();
    expect(text).not.toContain(h.tenantId);
    expect(text).not.toMatch(/tenant|contact_id|run_id/);
  });

  it('counts the refusals for a closed window and the template sent instead', async () => {
    const phone = '+351917000002';
    // The engine believes the contact just wrote; the provider says 25 hours have passed.
    const message = h.says(phone, 'Hello again');
    h.provider.setLastInbound(phone, new Date(Date.now() - 25 * HOUR));
    await h.client.ingest(message);
    await h.host.idle();
    expect(h.host.errors).toEqual([]);
    expect(h.texts(phone)).toContain('template');
    expect(await value(registry, 'leadline_window_closed_refusals_total', { provider: 'sandbox' })).toBe(2);
    expect(
      await value(registry, 'leadline_messages_sent_total', {
        provider: 'sandbox',
        status: 'failed',
        error_code: '131047',
      }),
    ).toBe(2);
    expect(await value(registry, 'leadline_template_fallbacks_total')).toBe(1);
    expect(
      await value(registry, 'leadline_contact_events_total', { event: 'status', outcome: 'applied' }),
    ).toBe(2);
  });
});
