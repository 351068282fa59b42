import { withTenant } from '@leadline/database';
import { ProviderError } from '@leadline/whatsapp';
import { EmbeddedEngine, EngineClient, systemClock } from '../src';
import { waitFor } from './support/engine-harness';
import { RecordingProvider } from './support/recording-provider';
import { REDIS_DB_1 } from './support/redis-db-1';
import { inboundEvent } from './support/scripted-conversation';
import { countQueueKeys, createSoakWorld, deleteQueueKeys, type SoakWorld } from './support/soak-world';
import { reminderFlow } from './support/test-flows';

/** Refuses sends to some numbers with an HTTP answer (nothing sent, retry in 2 minutes). */
class RefusingProvider extends RecordingProvider {
  readonly refused = new Set<string>();
  refusals = 0;

  override async send(...args: Parameters<RecordingProvider['send']>) {
    if (this.refused.has(args[0])) {
      this.refusals += 1;
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'retryable', retryAfterMs: 120_000 },
        httpStatus: 503,
        message: 'service unavailable',
      });
    }
    return super.send(...args);
  }
}

// Redis loses the engine's data while the worker keeps running (a restart without persistence, a
// FLUSHDB). The other tests of this Redis database run at the same time, so the loss is simulated by
// deleting every key of this engine's prefix — the same as FLUSHDB from this engine's point of view.
describe('embedded engine: Redis data loss noticed while running, without a restart', () => {
  let world: SoakWorld;
  let engine: EmbeddedEngine;
  const provider = new RefusingProvider();
  const errors: Array<{ error: unknown; context: string }> = [];

  beforeAll(async () => {
    world = await createSoakWorld({
      flows: [reminderFlow('quick-reminder', 'quick', '3s')],
      redisDb: REDIS_DB_1,
    });
    engine = new EmbeddedEngine({
      prisma: world.prisma,
      redis: world.redis,
      providers: () => provider,
      queuePrefix: world.queuePrefix,
      sweepIntervalMs: 300,
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

  const texts = (phone: string) =>
    provider.sentTo(phone).map((s) => ('text' in s.message ? s.message.text : ''));

  it('republishes the lost send and re-arms the lost timer from PostgreSQL at the next sweep', async () => {
    const client = new EngineClient(world.prisma, engine.queue, systemClock);
    const waiting = '+351918000001'; // its 3 s reminder timer is a delayed job when Redis loses it
    const refused = '+351918000002'; // its acknowledgement waits 2 minutes for a retry when Redis loses it
    provider.refused.add(refused);
    for (const phone of [waiting, refused]) {
      await client.ingest(
        inboundEvent(world.phoneNumberId, { phone, name: 'Quinn' }, { type: 'text', text: 'quick' }),
      );
    }
    await waitFor('the acknowledgement', () => texts(waiting).length === 1 || undefined);
    await waitFor('the refused acknowledgement to wait for its retry', async () => {
      if (provider.refusals === 0) return undefined;
      const message = await withTenant(world.prisma, world.tenantId, (tx) =>
        tx.message.findFirst({ where: { contact: { phone: refused }, direction: 'out' } }),
      );
      return (message?.status === 'queued' && message.sendAttemptedAt === null) || undefined;
    });

    await deleteQueueKeys(world);
    expect(await countQueueKeys(world)).toBe(0);
    provider.refused.clear();

    // No restart: the sweeper finds the sentinel gone and republishes. Without it the acknowledgement
    // would wait for the next start-up (its retry job is gone), far beyond this wait.
    await waitFor(
      'the lost acknowledgement and the reminder',
      () => (texts(refused).length >= 1 && texts(waiting).length === 2) || undefined,
    );
    expect(texts(refused)).toEqual(['Noted (quick). I will remind you in 3s.']);
    expect(texts(waiting)).toEqual([
      'Noted (quick). I will remind you in 3s.',
      'Reminder (quick): Quinn, it is time.',
    ]);
    await waitFor('the second reminder', () => texts(refused).length === 2 || undefined);
    expect(errors.map((e) => e.context)).toEqual(['redis data loss']);
    expect(String(errors[0].error)).toMatch(/Redis lost the engine's queued work; republished [1-9]\d* jobs/);
  });
});
