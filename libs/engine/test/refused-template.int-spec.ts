import { withTenant } from '@leadline/database';
import type { OutboundMessage } from '@leadline/flow-core';
import { ProviderError } from '@leadline/whatsapp';
import { waitFor } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { RecordingProvider } from './support/recording-provider';
import { inboundEvent } from './support/scripted-conversation';

/**
 * Every session message comes back outside the window (131047), and the template `still_interested`
 * is refused by the provider (132001, as for a template deleted at Meta); other templates go out.
 */
class ClosedWindowProvider extends RecordingProvider {
  override async send(...args: Parameters<RecordingProvider['send']>) {
    const message: OutboundMessage = args[1];
    if (message.type !== 'template') {
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'window_closed' },
        code: 131047,
        httpStatus: 400,
        message: 'Re-engagement message',
      });
    }
    if (message.template.name === 'still_interested') {
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'permanent' },
        code: 132001,
        httpStatus: 400,
        message: 'Template name does not exist in the translation',
      });
    }
    return super.send(...args);
  }
}

const flow = (id: string, keyword: string, fallback: string) => ({
  format: 'leadline.flow/v1',
  id,
  name: id,
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: [keyword], match: 'contains' } },
    {
      id: 'ask',
      type: 'question',
      data: { text: 'Your budget?', save: 'budget', fallbackTemplate: { name: fallback, language: 'en' } },
    },
    { id: 'thanks', type: 'message', data: { text: 'Thanks' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'answered', target: 'thanks' },
  ],
});

describe('a refused fallback template fails the run (embedded engine)', () => {
  let world: EngineWorld;
  const provider = new ClosedWindowProvider();

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [
        flow('unknown-fallback', 'unknown', 'no_such_template'),
        flow('refused-fallback', 'refused', 'still_interested'),
        flow('good-fallback', 'good', 'lead_welcome'),
      ],
      redisDb: 12,
      engine: { providers: () => provider },
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  const runOf = (phone: string) =>
    withTenant(world.prisma, world.tenantId, (tx) =>
      tx.flowRun.findFirst({ where: { contact: { phone } }, orderBy: { startedAt: 'desc' } }),
    );

  it.each([
    ['unknown on the channel', 'unknown', '+351917100001', 'TEMPLATE_UNKNOWN'],
    ['refused by the provider', 'refused', '+351917100002', '132001'],
  ])('when it is %s the run fails with SEND_FAILED instead of waiting', async (_label, word, phone, code) => {
    await world.client.ingest(inboundEvent(world.phoneNumberId, { phone }, { type: 'text', text: word }));
    const run = await waitFor(
      'the run to fail',
      () => runOf(phone).then((r) => (r?.status === 'failed' ? r : undefined)),
      20_000,
    );
    expect(run.error).toMatchObject({ code: 'SEND_FAILED', nodeId: 'ask' });
    expect((run.error as { message: string }).message).toContain(
      `refused the template of "ask" (error ${code})`,
    );
    const messages = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findMany({
        where: { contact: { phone }, direction: 'out' },
        orderBy: { createdAt: 'asc' },
        select: { status: true, errorCode: true },
      }),
    );
    expect(messages).toEqual([
      { status: 'failed', errorCode: '131047' },
      { status: 'failed', errorCode: code },
    ]);
  });

  it('an accepted fallback template keeps the run waiting for the reply', async () => {
    const phone = '+351917100003';
    await world.client.ingest(inboundEvent(world.phoneNumberId, { phone }, { type: 'text', text: 'good' }));
    await waitFor(
      'the template to go out',
      async () => provider.sentTo(phone).some((s) => s.message.type === 'template') || undefined,
    );
    await waitFor('the refused prompt to be handled', async () => {
      const run = await runOf(phone);
      return run?.status === 'waiting' &&
        (run.state as { sent: Array<{ handled?: boolean }> }).sent[0]?.handled
        ? run
        : undefined;
    });
  });
});
