import { isLostJobError } from '../src/bullmq-job-queue';
import { waitFor } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { RecordingProvider } from './support/recording-provider';
import { inboundEvent } from './support/scripted-conversation';
import { flushRedisDb } from './support/soak-world';
import { lookupFlow } from './support/test-flows';

// Redis loses its data while a worker is in the middle of a job: when the job ends, BullMQ finds the
// job's keys gone ("Missing key for job ... moveToFinished"). That is the data loss the engine
// recovers from, reported once as such, not an unexpected worker error.
describe('embedded engine: Redis loses its data under a running job', () => {
  let world: EngineWorld;
  const provider = new RecordingProvider();
  let calls = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [lookupFlow()],
      engine: {
        providers: () => provider,
        // Seconds between sweeps, so the job's failure comes before the sweep that notices the loss.
        sweepIntervalMs: 1_500,
        activities: {
          activity: async () => {
            calls += 1;
            if (calls === 1) await released; // the first run is still running when Redis is flushed
            return { ok: true, output: { code: 'A-7' } };
          },
        },
      },
    });
  });

  afterAll(async () => {
    release?.();
    await world?.stop();
  });

  const texts = (phone: string) =>
    provider.sentTo(phone).map((s) => ('text' in s.message ? s.message.text : s.message.type));

  it('tells BullMQ’s missing job keys apart from other errors', () => {
    expect(isLostJobError(new Error('Missing key for job activity.abc.1. moveToFinished'))).toBe(true);
    expect(isLostJobError(new Error('Missing key for job contact.t.c. moveToDelayed'))).toBe(true);
    expect(isLostJobError(new Error('Missing lock for job 7. moveToFinished'))).toBe(false);
    expect(isLostJobError(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe(false);
    expect(isLostJobError('Missing key for job 7. moveToFinished')).toBe(false);
  });

  it('reports one data loss, no worker error, and the conversation goes on', async () => {
    const phone = '+351917000001';
    await world.client.ingest(
      inboundEvent(world.phoneNumberId, { phone, name: 'Rui' }, { type: 'text', text: 'lookup' }),
    );
    await waitFor('the activity to start', () => calls === 1 || undefined);

    await flushRedisDb();
    release();

    await waitFor('the lookup’s answer', () => texts(phone).length >= 1 || undefined, 30_000);
    await waitFor('the loss to be reported', () => world.errors.length >= 1 || undefined, 30_000);
    // The failed job is counted for the next sweep, which republishes and reports (or stays quiet when
    // its loss was reported already): wait until that sweep has taken it.
    const engine = world.engine as unknown as { lostRunningJobs: number };
    await waitFor('a sweep to take the lost job', () => engine.lostRunningJobs === 0 || undefined);
    expect(texts(phone)).toEqual(['Your code is A-7.']);
    expect(world.errors.map((e) => e.context)).toEqual(['redis data loss']);
    expect(String(world.errors[0].error)).toMatch(
      /^Error: Redis lost the engine's queued work; republished \d+ jobs/,
    );
  }, 60_000);
});
