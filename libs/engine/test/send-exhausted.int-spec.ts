import { withTenant } from '@leadline/database';
import { ProviderError } from '@leadline/whatsapp';
import { SEND_ATTEMPTS_EXHAUSTED } from '../src';
import { waitFor } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { RecordingProvider } from './support/recording-provider';
import { inboundEvent } from './support/scripted-conversation';
import { surveyFlow } from './support/test-flows';

/** Answers every send with a 503, as a provider in a long outage does (retryable every time). */
class DownProvider extends RecordingProvider {
  attempts = 0;

  override async send(): Promise<{ providerMessageId: string }> {
    this.attempts += 1;
    throw new ProviderError({
      provider: 'sandbox',
      classification: { kind: 'retryable', retryAfterMs: 100 },
      httpStatus: 503,
      message: 'service unavailable',
    });
  }
}

describe('a send job that uses up its attempts', () => {
  let world: EngineWorld;
  const provider = new DownProvider();

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [surveyFlow(60)],
      engine: { providers: () => provider, sendAttempts: 3 },
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('fails its messages and reports them to the run, which takes the failure path (SEND_FAILED)', async () => {
    const phone = '+351917000001';
    await world.client.ingest(
      inboundEvent(world.phoneNumberId, { phone, name: 'Tia' }, { type: 'text', text: 'survey please' }),
    );

    const run = await waitFor(
      'the run to fail',
      () =>
        withTenant(world.prisma, world.tenantId, (tx) =>
          tx.flowRun.findFirst({ where: { contact: { phone }, status: 'failed' } }),
        ).then((found) => found ?? undefined),
      20_000,
    );
    expect(run.error).toMatchObject({ code: 'SEND_FAILED', nodeId: 'hello' });
    expect(provider.attempts).toBe(3);

    const messages = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findMany({
        where: { contact: { phone }, direction: 'out' },
        orderBy: { createdAt: 'asc' },
        select: { status: true, errorCode: true, errorMessage: true },
      }),
    );
    // The greeting and the first question were one job: neither stays queued.
    expect(messages.map((m) => [m.status, m.errorCode])).toEqual([
      ['failed', SEND_ATTEMPTS_EXHAUSTED],
      ['failed', SEND_ATTEMPTS_EXHAUSTED],
    ]);
    expect(messages[0].errorMessage).toMatch(/after 3 attempts.*service unavailable/);
    // The give-up is reported when the queue marks the job failed, which may come after the run has
    // already taken the failure path (the messages are failed first, in the job itself).
    await waitFor('the give-up to be reported', () => (world.errors.length ? true : undefined));
    expect(world.errors.map((e) => e.context)).toEqual([
      expect.stringMatching(/gave up after 3 attempts \(2 messages failed\)/),
    ]);
  });
});
