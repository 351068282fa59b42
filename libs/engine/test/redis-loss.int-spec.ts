import { withTenant } from '@leadline/database';
import { exampleFlow, waitFor } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { RefusingProvider, waitForRefusedRetry } from './support/refusing-provider';
import { inboundEvent } from './support/scripted-conversation';
import { countQueueKeys, flushRedisDb } from './support/soak-world';
import { lookupFlow, reminderFlow } from './support/test-flows';

describe('embedded engine: Redis loses everything while runs wait', () => {
  let world: EngineWorld;
  const provider = new RefusingProvider();
  /** The custom activity's service: down until the restart. */
  const lookup = { down: true, calls: 0 };

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [reminderFlow('quick-reminder', 'quick', '8s'), exampleFlow('no-reply-follow-up'), lookupFlow()],
      engine: {
        providers: () => provider,
        activities: {
          activity: async () => {
            lookup.calls += 1;
            if (lookup.down) throw new Error('the lookup service is down'); // retried by the queue
            return { ok: true, output: { code: 'A-7' } };
          },
        },
        channelPollMs: 500,
      },
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  const texts = (phone: string) =>
    provider
      .sentTo(phone)
      .map((s) =>
        s.message.type === 'template'
          ? `template:${s.message.template.name}`
          : 'text' in s.message
            ? s.message.text
            : s.message.type,
      );

  async function runOf(phone: string) {
    return withTenant(world.prisma, world.tenantId, (tx) =>
      tx.flowRun.findFirstOrThrow({ where: { contact: { phone } }, include: { timers: true } }),
    );
  }

  it('fires timers from PostgreSQL after a restart, sends what was queued, and ignores a stale timer', async () => {
    const quick = ['+351913000001', '+351913000002', '+351913000003'];
    const lead = '+351913000010'; // no-reply follow-up: waits a day for a reply
    const replied = '+351913000011'; // replied, so its day-long wait was cancelled
    const refused = '+351913000012'; // its welcome is waiting for a retry when Redis goes
    const looking = '+351913000013'; // its activity is waiting for a retry when Redis goes

    for (const phone of quick)
      await world.client.ingest(
        inboundEvent(world.phoneNumberId, { phone, name: 'Quinn' }, { type: 'text', text: 'quick one' }),
      );
    provider.refused.add(refused);
    for (const phone of [lead, replied, refused]) {
      await world.client.submitLead({
        tenantId: world.tenantId,
        flowKey: 'no-reply-follow-up',
        phone,
        name: 'Lena',
      });
    }
    await waitFor(
      'the acknowledgements and welcomes',
      () => [...quick, lead, replied].every((phone) => texts(phone).length === 1) || undefined,
    );
    await world.client.ingest(
      inboundEvent(world.phoneNumberId, { phone: replied, name: 'Lena' }, { type: 'text', text: 'call me' }),
    );
    await waitFor('the call-slot question', () => texts(replied).length === 2 || undefined);
    await waitForRefusedRetry('the refused welcome to wait for its retry', world, provider, refused);
    await world.client.ingest(
      inboundEvent(world.phoneNumberId, { phone: looking }, { type: 'text', text: 'lookup' }),
    );
    await waitFor('the activity to fail once', () => lookup.calls > 0 || undefined);
    const repliedBefore = await runOf(replied);
    const cancelled = repliedBefore.timers.find((t) => t.cancelledAt);
    expect(cancelled).toBeDefined();

    // Redis goes away with every queued, delayed and retrying job; the worker restarts.
    expect(quick.every((phone) => texts(phone).length === 1)).toBe(true); // the 8 s timers have not fired yet
    await flushRedisDb();
    expect(await countQueueKeys(world)).toBe(0);
    await world.stopEngine();

    // The day-long wait is moved forward in PostgreSQL, which is the timers' truth; and a timer whose
    // run has moved on comes back due (as a lost cancellation or a leftover job would).
    const leadRun = await runOf(lead);
    expect(leadRun.timers).toHaveLength(1);
    expect(leadRun.timers[0].dueAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await withTenant(world.prisma, world.tenantId, async (tx) => {
      await tx.runTimer.update({
        where: { id: leadRun.timers[0].id },
        data: { dueAt: new Date(Date.now() + 1_000) },
      });
      await tx.runTimer.update({
        where: { id: cancelled!.id },
        data: { cancelledAt: null, dueAt: new Date(Date.now() - 1_000) },
      });
    });
    provider.refused.clear();
    lookup.down = false;

    await world.startEngine();

    await waitFor(
      'the reminders after the restart',
      () =>
        (quick.every((phone) => texts(phone).length === 2) &&
          texts(lead).length === 2 &&
          texts(refused).length === 1 &&
          texts(looking).length === 1) ||
        undefined,
      20_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify([...quick, lead, refused, looking].map(texts))}`);
    });
    for (const phone of quick) {
      expect(texts(phone)).toEqual([
        'Noted (quick). I will remind you in 8s.',
        'Reminder (quick): Quinn, it is time.',
      ]);
      expect((await runOf(phone)).status).toBe('completed');
    }
    expect(texts(lead)).toEqual(['template:lead_welcome', 'template:lead_reminder']);
    const leadAfter = await runOf(lead);
    expect(leadAfter).toMatchObject({ status: 'waiting', currentNode: 'wait_day_3' });
    expect(texts(refused)).toEqual(['template:lead_welcome']);
    expect(texts(looking)).toEqual(['Your code is A-7.']);
    expect((await runOf(looking)).status).toBe('completed');

    // The stale timer fired (it is marked) and changed nothing: same node, same state, no message.
    await waitFor('the stale timer to be applied', async () =>
      (await runOf(replied)).timers.find((t) => t.id === cancelled!.id)?.firedAt ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const repliedAfter = await runOf(replied);
    expect(texts(replied)).toHaveLength(2);
    expect(repliedAfter.status).toBe('waiting');
    expect(repliedAfter.currentNode).toBe('ask_slot');
    // Only the time of the last event moves.
    const withoutTime = (state: unknown) => ({ ...(state as Record<string, unknown>), updatedAt: undefined });
    expect(withoutTime(repliedAfter.state)).toEqual(withoutTime(repliedBefore.state));
    // A sweep between the flush and the stop may notice the loss live (live-redis-loss.int-spec.ts).
    expect(world.errors.filter((e) => e.context !== 'redis data loss')).toEqual([]);
  }, 60_000);
});
