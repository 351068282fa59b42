import { withTenant } from '@leadline/database';
import { createEngineMetrics, createStateGauges, applyStateSnapshot } from '@leadline/ops';
import { SandboxProvider } from '@leadline/whatsapp';
import { Registry } from 'prom-client';
import { StateSnapshotReader, systemClock } from '../src';
import { exampleFlow, userMessage, waitFor, delivered, type Harness } from './support/engine-harness';
import { startEngineWorld } from './support/engine-world';

const HOUR = 3_600_000;

/** The value of one series of the registry (0 when it does not exist yet). */
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

describe('engine metrics move when the engine does the thing (PostgreSQL + BullMQ + sandbox)', () => {
  let h: Harness;
  const registry = new Registry();
  const metrics = createEngineMetrics(registry);

  beforeAll(async () => {
    const sandbox = new SandboxProvider();
    const world = await startEngineWorld({
      flows: [exampleFlow('lead-capture')],
      engine: { providers: () => sandbox, sweepIntervalMs: 250, channelPollMs: 250, metrics },
    });
    h = Object.assign(world, { sandbox });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('counts a step by the run status it left, its duration and the message it sent', async () => {
    const phone = '+351915000001';
    await h.client.ingest(userMessage(h, phone, 'Hi, info on solar please'));
    await waitFor('the first question', () => delivered(h, phone).length >= 2 || undefined);
    await waitFor('the sends to be counted', async () =>
      (await value(registry, 'leadline_messages_sent_total', { status: 'sent' })) >= 2 ? true : undefined,
    );

    // One inbound event started one run, which now waits for the name (the question).
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

  it('counts a refusal for a closed window and the template sent instead', async () => {
    const phone = '+351915000002';
    const fallbacksBefore = await value(registry, 'leadline_template_fallbacks_total');
    // The engine believes the contact just wrote; the provider says 25 hours have passed.
    const message = userMessage(h, phone, 'Hello again');
    h.sandbox.setLastInbound(phone, new Date(Date.now() - 25 * HOUR));
    await h.client.ingest(message);
    await waitFor('the re-engagement template', () =>
      delivered(h, phone).includes('template:still_interested') ? true : undefined,
    );
    await waitFor('the fallback to be counted', async () =>
      (await value(registry, 'leadline_template_fallbacks_total')) > fallbacksBefore ? true : undefined,
    );

    // The welcome and the question went out in one send job; the provider refused both.
    expect(await value(registry, 'leadline_window_closed_refusals_total', { provider: 'sandbox' })).toBe(2);
    expect(
      await value(registry, 'leadline_messages_sent_total', {
        provider: 'sandbox',
        status: 'failed',
        error_code: '131047',
      }),
    ).toBe(2);
    // One re-engagement template per closed-window episode, however many messages were refused.
    expect((await value(registry, 'leadline_template_fallbacks_total')) - fallbacksBefore).toBe(1);
    // The two refusals are applied as status events; the second may land just after the fallback.
    await waitFor('both refusals applied', async () =>
      (await value(registry, 'leadline_contact_events_total', { event: 'status', outcome: 'applied' })) >= 2
        ? true
        : undefined,
    );
    expect(
      await value(registry, 'leadline_contact_events_total', { event: 'status', outcome: 'applied' }),
    ).toBe(2);
  });

  it('reads pending timers, handoffs waiting for a person and the queues into the gauges', async () => {
    const phone = '+351915000003';
    await h.client.ingest(userMessage(h, phone, 'Hi, info on solar please'));
    await waitFor('the name question', () => delivered(h, phone).length >= 2 || undefined);
    for (const [answer, count] of [
      ['Ana Sousa', 3],
      [{ button: 'business' }, 4],
      ['€ 20.000', 5],
      ['ANA@example.com', 6],
    ] as const) {
      await h.client.ingest(userMessage(h, phone, answer));
      await waitFor(`message ${count}`, () => delivered(h, phone).length >= count || undefined);
    }
    await waitFor('the handoff', () =>
      withTenant(h.prisma, h.tenantId, (tx) =>
        tx.conversation.findFirst({ where: { status: 'handoff', contact: { phone } } }),
      ).then((c) => c ?? undefined),
    );

    const gaugeRegistry = new Registry();
    const reader = new StateSnapshotReader(h.prisma, h.redis, systemClock, h.queuePrefix);
    try {
      const gauges = createStateGauges(gaugeRegistry);
      applyStateSnapshot(gauges, await reader.read());
    } finally {
      await reader.close();
    }
    const pendingTimers = await withTenant(h.prisma, h.tenantId, (tx) =>
      tx.runTimer.count({ where: { firedAt: null, cancelledAt: null } }),
    );
    // The first two contacts wait on their name question's 1-day timeout; the third was handed over.
    expect(pendingTimers).toBe(2);
    expect(await value(gaugeRegistry, 'leadline_timers_pending')).toBe(pendingTimers);
    expect(await value(gaugeRegistry, 'leadline_timers_overdue')).toBe(0);
    expect(await value(gaugeRegistry, 'leadline_handoffs_waiting')).toBe(1);
    // Timers are not jobs (the poller fires them from run_timers, issue 21's fifth round): no timers
    // queue. Nothing waits to run.
    expect(await value(gaugeRegistry, 'leadline_queue_oldest_job_age_seconds', { queue: 'contacts' })).toBe(
      0,
    );
    expect(await value(gaugeRegistry, 'leadline_steps_total').catch(() => 'absent')).toBe('absent');
    // The engine's counters saw the whole conversation: 5 inbound events applied, 1 run handed over.
    expect(await value(registry, 'leadline_steps_total', { outcome: 'handoff' })).toBe(1);
  });
});
