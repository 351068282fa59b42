import { withTenant } from '@leadline/database';
import { ProviderError } from '@leadline/whatsapp';
import { EmbeddedEngine, EngineClient, SEND_ATTEMPTS_EXHAUSTED, systemClock } from '../src';
import { waitFor } from './support/engine-harness';
import { RecordingProvider } from './support/recording-provider';
import { REDIS_DB_1 } from './support/redis-db-1';
import { inboundEvent } from './support/scripted-conversation';
import { createSoakWorld, deleteQueueKeys, type SoakWorld } from './support/soak-world';
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
  let world: SoakWorld;
  let engine: EmbeddedEngine;
  const provider = new DownProvider();
  const errors: Array<{ error: unknown; context: string }> = [];

  beforeAll(async () => {
    world = await createSoakWorld({ flows: [surveyFlow(60)], redisDb: REDIS_DB_1 });
    engine = new EmbeddedEngine({
      prisma: world.prisma,
      redis: world.redis,
      providers: () => provider,
      queuePrefix: world.queuePrefix,
      sendAttempts: 3,
      sweepIntervalMs: 500,
      channelPollMs: 250,
      onError: (error, context) => errors.push({ error, context }),
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    if (world) await deleteQueueKeys(world);
    await world?.drop();
  });

  it('fails its messages and reports them to the run, which takes the failure path (SEND_FAILED)', async () => {
    const phone = '+351917000001';
    const client = new EngineClient(world.prisma, engine.queue, systemClock);
    await client.ingest(
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
    expect(errors.map((e) => e.context)).toEqual([
      expect.stringMatching(/gave up after 3 attempts \(2 messages failed\)/),
    ]);
  });
});
