import { randomUUID } from 'node:crypto';
import { withTenant } from '@leadline/database';
import type { OutboundMessage } from '@leadline/flow-core';
import { ProviderError, SandboxProvider, type MessageEvent, type SendOptions } from '@leadline/whatsapp';
import { createHarness, type Harness } from './support/harness';

/** Session messages come back outside the window (131047); templates go through the sandbox. */
class ClosedWindowSandbox extends SandboxProvider {
  override async send(to: string, message: OutboundMessage, options: SendOptions) {
    if (message.type !== 'template') {
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'window_closed' },
        code: 131047,
        httpStatus: 400,
        message: 'Re-engagement message',
      });
    }
    return super.send(to, message, options);
  }
}

const flow = {
  format: 'leadline.flow/v1',
  id: 'budget',
  name: 'Budget',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'message' } },
    {
      id: 'ask',
      type: 'question',
      data: {
        text: 'Your budget?',
        save: 'budget',
        fallbackTemplate: { name: 'pending_offer', language: 'en' },
      },
    },
    { id: 'thanks', type: 'message', data: { text: 'Thanks' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'answered', target: 'thanks' },
  ],
};

describe('a refused fallback template fails the run (Temporal engine, offline harness)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness({
      flows: [flow],
      provider: new ClosedWindowSandbox(),
      // The fallback exists but is still under review: the engine refuses it before the provider.
      templates: [{ name: 'pending_offer', category: 'marketing', status: 'pending' }],
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('reports the template refusal to the workflow, which fails the run with SEND_FAILED', async () => {
    const phone = '+351912399001';
    const event: MessageEvent = {
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
    expect(await h.client.ingest(event)).toMatchObject({ outcome: 'accepted' });
    await h.host.idle();
    expect(h.host.errors).toEqual([]);
    await withTenant(h.prisma, h.tenantId, async (tx) => {
      const run = await tx.flowRun.findFirstOrThrow({ where: { contact: { phone } } });
      expect(run).toMatchObject({ engine: 'temporal', status: 'failed' });
      expect(run.error).toMatchObject({ code: 'SEND_FAILED', nodeId: 'ask' });
      const messages = await tx.message.findMany({
        where: { contact: { phone }, direction: 'out' },
        orderBy: { createdAt: 'asc' },
        select: { status: true, errorCode: true },
      });
      expect(messages).toEqual([
        { status: 'failed', errorCode: '131047' },
        { status: 'failed', errorCode: 'TEMPLATE_NOT_APPROVED' },
      ]);
    });
  });
});
