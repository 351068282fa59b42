import { withTenant } from '@leadline/database';
import { SandboxProvider } from '@leadline/whatsapp';
import { systemClock } from '../src/engine-ports';
import { TimerFireBatcher } from '../src/fire-timer-batch';
import { exampleFlow } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { installStatementCounter } from './support/statement-counter';

/**
 * Group commit of fired timers (fire-timer-batch.ts): the timer jobs running at once append their
 * inbox events with one statement, and each keeps fireTimer's guarantees: once per timer, nothing for
 * a run that is not its contact's in its job's tenant, settled only after the commit.
 */
describe('timer fire batch', () => {
  let world: EngineWorld;
  let attackerTenantId: string;
  const runs: Array<{ contactId: string; runId: string }> = [];

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [exampleFlow('lead-capture')],
      engine: {
        providers: () => new SandboxProvider(),
        sweepIntervalMs: 3_600_000,
        channelPollMs: 3_600_000,
      },
    });
    await withTenant(world.prisma, world.tenantId, async (tx) => {
      const flow = await tx.flow.findFirstOrThrow({ select: { id: true, activeVersionId: true } });
      for (let i = 0; i < 5; i += 1) {
        const contact = await tx.contact.create({
          data: { tenantId: world.tenantId, phone: `+2774000020${i}` },
        });
        const run = await tx.flowRun.create({
          data: {
            tenantId: world.tenantId,
            flowId: flow.id,
            flowVersionId: flow.activeVersionId!,
            contactId: contact.id,
            status: 'waiting',
          },
        });
        runs.push({ contactId: contact.id, runId: run.id });
      }
    });
    attackerTenantId = (await world.prisma.tenant.create({ data: { slug: 'attacker-t', name: 'Attacker' } }))
      .id;
  });

  afterAll(async () => {
    await world?.stop();
  });

  const timerEvents = () =>
    withTenant(world.prisma, world.tenantId, (tx) =>
      tx.contactEvent.findMany({ where: { kind: 'timer' }, orderBy: { id: 'asc' } }),
    );

  it('fires the timers of concurrent jobs with one statement, once each, and ignores foreign runs', async () => {
    const batcher = new TimerFireBatcher(world.prisma, systemClock, { maxDelayMs: 5, maxRows: 100 });
    const counter = installStatementCounter();
    let outcomes: string[];
    let counted: ReturnType<typeof counter.take>;
    try {
      outcomes = await Promise.all([
        ...runs.map((run) => batcher.fire({ tenantId: world.tenantId, ...run, timerId: 'wait-1' })),
        // The same timer twice in one batch (a job and its duplicate): one event.
        batcher.fire({ tenantId: world.tenantId, ...runs[0], timerId: 'wait-1' }),
        // Another tenant's job naming this tenant's run: nothing.
        batcher.fire({ tenantId: attackerTenantId, ...runs[1], timerId: 'wait-2' }),
        // A run that is not the contact's: nothing.
        batcher.fire({
          tenantId: world.tenantId,
          contactId: runs[2].contactId,
          runId: runs[3].runId,
          timerId: 'wait-3',
        }),
        // Not a UUID: refused before any SQL.
        batcher.fire({
          tenantId: world.tenantId,
          contactId: 'nope',
          runId: runs[0].runId,
          timerId: 'wait-4',
        }),
      ]);
      counted = counter.take();
    } finally {
      counter.uninstall();
    }
    expect(outcomes).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'done',
      'foreign_run',
      'foreign_run',
      'foreign_run',
    ]);
    // One round trip for the eight jobs that reached the database.
    expect(counted.statements).toBe(1);
    expect(batcher.written).toEqual({ statements: 1, timers: 8 });
    const events = await timerEvents();
    expect(events.map((event) => event.contactId)).toEqual(runs.map((run) => run.contactId));
    expect(events.map((event) => event.payload)).toEqual(
      runs.map((run) => ({ runId: run.runId, timerId: 'wait-1' })),
    );
    const foreign = await withTenant(world.prisma, attackerTenantId, (tx) => tx.contactEvent.count());
    expect(foreign).toBe(0);
  });

  it('a timer fired again later (a retried job, the sweeper) appends nothing more', async () => {
    const batcher = new TimerFireBatcher(world.prisma, systemClock);
    const before = (await timerEvents()).length;
    expect(await batcher.fire({ tenantId: world.tenantId, ...runs[4], timerId: 'wait-1' })).toBe('done');
    expect((await timerEvents()).length).toBe(before);
  });
});
