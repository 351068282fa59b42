import { waitFor } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { RefusingProvider, waitForRefusedRetry } from './support/refusing-provider';
import { inboundEvent } from './support/scripted-conversation';
import { countQueueKeys, deleteQueueKeys } from './support/soak-world';
import { reminderFlow } from './support/test-flows';

// Redis loses the engine's data while the worker keeps running (a restart without persistence, a
// FLUSHDB), simulated by deleting every key of this engine's prefix — the same as FLUSHDB from this
// engine's point of view (redis-loss.int-spec.ts flushes for real).
describe('embedded engine: Redis data loss noticed while running, without a restart', () => {
  let world: EngineWorld;
  const provider = new RefusingProvider();

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [reminderFlow('quick-reminder', 'quick', '3s')],
      engine: { providers: () => provider, sweepIntervalMs: 300 },
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  const texts = (phone: string) =>
    provider.sentTo(phone).map((s) => ('text' in s.message ? s.message.text : ''));

  it('republishes the lost send at the next sweep; the timer, in PostgreSQL only, fires regardless', async () => {
    const waiting = '+351918000001'; // its 3 s reminder timer is pending in run_timers when Redis loses its data
    const refused = '+351918000002'; // its acknowledgement waits 2 minutes for a retry when Redis loses it
    provider.refused.add(refused);
    for (const phone of [waiting, refused]) {
      await world.client.ingest(
        inboundEvent(world.phoneNumberId, { phone, name: 'Quinn' }, { type: 'text', text: 'quick' }),
      );
    }
    await waitFor('the acknowledgement', () => texts(waiting).length === 1 || undefined);
    await waitForRefusedRetry('the refused acknowledgement to wait for its retry', world, provider, refused);

    await deleteQueueKeys(world);
    expect(await countQueueKeys(world)).toBe(0);
    provider.refused.clear();

    // No restart: the sweeper finds the sentinel gone and republishes. Without it the acknowledgement
    // would wait for the next start-up (its retry job is gone), far beyond this wait. Then each
    // contact's 3 s reminder comes; in which order the two contacts get theirs depends on the load.
    await waitFor(
      'the lost acknowledgement and both reminders',
      () => (texts(refused).length >= 2 && texts(waiting).length >= 2) || undefined,
    );
    // Each message exactly once: nothing lost, nothing sent twice by the republishing.
    for (const phone of [refused, waiting]) {
      expect(texts(phone)).toEqual([
        'Noted (quick). I will remind you in 3s.',
        'Reminder (quick): Quinn, it is time.',
      ]);
    }
    expect(world.errors.map((e) => e.context)).toEqual(['redis data loss']);
    expect(String(world.errors[0].error)).toMatch(
      /Redis lost the engine's queued work; republished [1-9]\d* jobs/,
    );
  });
});
