import { randomBytes } from 'node:crypto';
import { withTenant } from '@leadline/database';
import { createSubscription } from '@leadline/outbound-events';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { startHarness, userMessage, waitFor, type Harness } from './support/engine-harness';

function flow(id: string, trigger: Record<string, unknown>, nodes: Array<Record<string, unknown>>) {
  const all = [{ id: 'start', type: 'trigger', data: trigger }, ...nodes];
  return {
    format: 'leadline.flow/v1',
    id,
    name: id,
    nodes: all,
    edges: all.slice(1).map((node, index) => ({
      id: `e${index}`,
      source: all[index]!.id,
      sourceHandle: 'next',
      target: node.id,
    })),
  };
}

const FLOWS = [
  flow('say-bye', { on: 'keyword', keywords: ['bye'], match: 'exact' }, [
    { id: 'bye', type: 'message', data: { text: 'Bye!' } },
    { id: 'done', type: 'end', data: {} },
  ]),
  flow('ask-human', { on: 'keyword', keywords: ['human'], match: 'exact' }, [
    { id: 'person', type: 'handoff', data: { note: 'Wants a person' } },
  ]),
  flow('web-lead', { on: 'api' }, [
    { id: 'welcome', type: 'template', data: { template: { name: 'not_synced', language: 'en' } } },
    { id: 'done', type: 'end', data: {} },
  ]),
];

describe('the engine records outbound events in the transactions that make them happen', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ flows: FLOWS });
    const box = createSecretBoxFromBase64Keys({ current: randomBytes(32).toString('base64') });
    await withTenant(h.prisma, h.tenantId, (tx) =>
      createSubscription(tx, box, {
        tenantId: h.tenantId,
        url: 'https://hooks.example.com/leadline',
        events: ['lead.captured', 'run.completed', 'run.handoff', 'message.failed'],
      }),
    );
  });

  afterAll(async () => {
    await h.stop();
  });

  async function eventsOf(type: string, phone: string) {
    return withTenant(h.prisma, h.tenantId, (tx) =>
      tx.outboundEvent.findMany({ where: { type, contact: { phone } }, include: { deliveries: true } }),
    );
  }

  it('run.completed when a run ends completed', async () => {
    const phone = '+447700900201';
    await h.client.ingest(userMessage(h, phone, 'bye'));
    const [event] = await waitFor(
      'run.completed',
      async () => (await eventsOf('run.completed', phone))[0] && eventsOf('run.completed', phone),
    );
    expect(event!.payload).toMatchObject({
      run: { flow: 'say-bye', flowVersion: 1, status: 'completed' },
      contact: { phone, name: 'Ana' },
    });
    expect(event!.deliveries).toHaveLength(1);
    expect(event!.deliveries[0]!.status).toBe('pending');
  });

  it('run.handoff when a run hands the conversation to a person', async () => {
    const phone = '+447700900202';
    await h.client.ingest(userMessage(h, phone, 'human'));
    const [event] = await waitFor(
      'run.handoff',
      async () => (await eventsOf('run.handoff', phone))[0] && eventsOf('run.handoff', phone),
    );
    expect(event!.payload).toMatchObject({
      run: { flow: 'ask-human', status: 'handoff' },
      handoff: { nodeId: 'person', note: 'Wants a person' },
    });
    expect(await eventsOf('run.completed', phone)).toEqual([]);
  });

  it('lead.captured for an API lead, and message.failed when its template is refused', async () => {
    const phone = '+447700900203';
    const lead = {
      tenantId: h.tenantId,
      flowKey: 'web-lead',
      phone,
      name: 'Bo',
      fields: { source: 'web' },
      requestKey: 'form-42',
    };
    expect(await h.client.submitLead(lead)).toMatchObject({ accepted: true });
    // The same Idempotency-Key again: no second lead, no second event.
    expect(await h.client.submitLead(lead)).toMatchObject({ accepted: false });
    expect(await eventsOf('lead.captured', phone)).toHaveLength(1);
    const [captured] = await waitFor(
      'lead.captured',
      async () => (await eventsOf('lead.captured', phone))[0] && eventsOf('lead.captured', phone),
    );
    expect(captured!.payload).toMatchObject({
      lead: { flow: 'web-lead', fields: { source: 'web' } },
      contact: { phone, name: 'Bo' },
    });
    const [failed] = await waitFor(
      'message.failed',
      async () => (await eventsOf('message.failed', phone))[0] && eventsOf('message.failed', phone),
    );
    expect(failed!.payload).toMatchObject({
      message: {
        template: 'not_synced',
        reason: 'permanent',
        code: 'TEMPLATE_UNKNOWN',
        id: expect.any(String),
      },
    });
  });

  it('message.failed when the provider reports a sent message failed (status webhook)', async () => {
    const phone = '+447700900204';
    await h.client.ingest(userMessage(h, phone, 'bye'));
    const sent = await waitFor('the sent reply', () =>
      withTenant(h.prisma, h.tenantId, (tx) =>
        tx.message.findFirst({ where: { direction: 'out', status: 'sent', contact: { phone } } }),
      ).then((row) => row ?? undefined),
    );
    const status = {
      kind: 'status' as const,
      channel: { provider: 'sandbox' as const, phoneNumberId: h.phoneNumberId },
      providerMessageId: sent.providerMessageId!,
      status: 'failed' as const,
      at: new Date().toISOString(),
      recipient: phone,
      errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable' }],
      windowClosed: false,
    };
    await h.client.ingest(status);
    await h.client.ingest(status); // a redelivered webhook is one event
    const failed = await eventsOf('message.failed', phone);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.payload).toMatchObject({
      message: { id: sent.id, reason: 'permanent', code: '131026', error: 'Message undeliverable' },
      contact: { phone },
    });
  });
});
