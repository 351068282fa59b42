import { randomUUID } from 'node:crypto';
import { withTenant } from '@leadline/database';
import {
  ContactProcessor,
  EngineClient,
  sendMessages,
  systemClock,
  type FlowEngineClient,
} from '@leadline/engine';
import type { ChannelEvent } from '@leadline/whatsapp';
import { createHarness, type Harness } from './support/harness';

// Conformance script for a late window-closed refusal (Meta 131047 by status webhook, after it had
// accepted the message): the run already ended, and the contact still gets the step's fallback
// template. Played on both engines; the transcripts must be the same.
const flow = {
  format: 'leadline.flow/v1',
  id: 'offer',
  name: 'Offer',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'message' } },
    {
      id: 'offer',
      type: 'message',
      data: { text: 'Here is our offer.', fallbackTemplate: { name: 'offer_update', language: 'en' } },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'offer' }],
};

interface Engine {
  client: FlowEngineClient;
  settle: () => Promise<void>;
}

describe('conformance: a late 131047 after the run ended sends the fallback template (both engines)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness({ flows: [flow], templates: [{ name: 'offer_update' }] });
  });

  afterAll(async () => {
    await h?.close();
  });

  /** The embedded engine without queues: apply the inbox, then send the contact's queued messages. */
  function embedded(): Engine {
    const processor = new ContactProcessor(h.prisma, systemClock, async () => undefined);
    const pending: Array<Promise<void>> = [];
    const deps = {
      prisma: h.prisma,
      providers: () => h.provider,
      clock: systemClock,
      wake: async () => undefined,
    };
    const wake = async (t: string, c: string) => {
      await processor.process(t, c);
      const queued = await withTenant(h.prisma, t, (tx) =>
        tx.message.findMany({
          where: { contactId: c, direction: 'out', status: 'queued' },
          orderBy: { createdAt: 'asc' },
        }),
      );
      if (queued.length) await sendMessages(deps, { tenantId: t, messageIds: queued.map((m) => m.id) }, 0);
    };
    const client = new EngineClient(
      h.prisma,
      (t, c) => {
        const work = wake(t, c);
        pending.push(work);
        return work;
      },
      systemClock,
    );
    return { client, settle: async () => void (await Promise.all(pending)) };
  }

  function temporal(): Engine {
    const { client, host } = h.rebuild();
    return {
      client,
      settle: async () => {
        await host.idle();
        expect(host.errors).toEqual([]);
      },
    };
  }

  async function play(engine: Engine, phone: string): Promise<string[]> {
    h.provider.setLastInbound(phone, new Date());
    const inbound: ChannelEvent = {
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId: h.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Ana' },
      message: {
        providerMessageId: `wamid.${randomUUID()}`,
        at: new Date().toISOString(),
        type: 'text',
        text: 'hi',
      },
    };
    await engine.client.ingest(inbound);
    await engine.settle();
    const sent = await withTenant(h.prisma, h.tenantId, async (tx) => {
      const run = await tx.flowRun.findFirstOrThrow({ where: { contact: { phone } } });
      expect(run.status).toBe('completed');
      return tx.message.findFirstOrThrow({ where: { contact: { phone }, direction: 'out', status: 'sent' } });
    });
    // Meta accepted it, then reports it refused: outside the 24-hour window.
    const refusal: ChannelEvent = {
      kind: 'status',
      channel: { provider: 'sandbox', phoneNumberId: h.phoneNumberId },
      providerMessageId: String(sent.providerMessageId),
      status: 'failed',
      at: new Date().toISOString(),
      recipient: phone,
      errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' }],
      windowClosed: true,
    };
    expect(await engine.client.ingest(refusal)).toMatchObject({ outcome: 'accepted' });
    await engine.settle();
    return h.provider
      .sentTo(phone)
      .map((m) => (m.message.type === 'template' ? `template:${m.message.template.name}` : m.message.type));
  }

  it('embedded and Temporal both send the fallback template after the late refusal', async () => {
    const onEmbedded = await play(embedded(), '+351914000001');
    const onTemporal = await play(temporal(), '+351914000002');
    expect(onEmbedded).toEqual(['text', 'template:offer_update']);
    expect(onTemporal).toEqual(onEmbedded);
  });
});
