import { withTenant, type Prisma } from '@leadline/database';
import { MAX_QUIET_TRANSITIONS } from '@leadline/flow-core';
import { startHarness, userMessage, waitFor, type Harness } from './support/engine-harness';

// Issue 16 item 5: `set → wait → set` loops for ever on timers alone. The core stops such a run after
// MAX_QUIET_TRANSITIONS steps without a message; here the embedded engine carries that out and
// records it (persistTransition, shared with the Temporal engine's persist activity).
const TICKER = {
  format: 'leadline.flow/v1',
  id: 'ticker',
  name: 'Ticker',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'message' } },
    { id: 'count', type: 'set', data: { assign: { i: '(vars.i ? vars.i : 0) + 1' } } },
    { id: 'pause', type: 'wait', data: { duration: '1s' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'count' },
    { id: 'e2', source: 'count', sourceHandle: 'next', target: 'pause' },
    { id: 'e3', source: 'pause', sourceHandle: 'elapsed', target: 'count' },
  ],
};

describe('embedded engine: a run over its budget of steps without a message', () => {
  let h: Harness;
  const phone = '+351912345111';

  beforeAll(async () => {
    h = await startHarness({ flows: [TICKER] });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('fails with RUN_STEP_LIMIT, stops its timers and leaves an audit row', async () => {
    await h.client.ingest(userMessage(h, phone, 'hi'));
    const running = await waitFor('the loop to tick', () =>
      withTenant(h.prisma, h.tenantId, (tx) => tx.flowRun.findFirst({ where: { status: 'waiting' } })).then(
        (run) => run ?? undefined,
      ),
    );
    expect((running.vars as { i: number }).i).toBeGreaterThanOrEqual(1);

    // A thousand seconds of ticking, fast-forwarded: the run's stored count is put at the budget
    // (again after each tick that wrote its own count over ours), and the next tick goes over it.
    const failed = await waitFor('the run to be stopped', async () => {
      const run = await withTenant(h.prisma, h.tenantId, (tx) =>
        tx.flowRun.findUniqueOrThrow({ where: { id: running.id } }),
      );
      if (run.status !== 'waiting') return run;
      const state = run.state as Prisma.JsonObject;
      if (state.quietTransitions !== MAX_QUIET_TRANSITIONS) {
        await withTenant(
          h.prisma,
          h.tenantId,
          (tx) =>
            tx.$executeRaw`UPDATE flow_runs SET state = jsonb_set(state, '{quietTransitions}', to_jsonb(${MAX_QUIET_TRANSITIONS}::int))
                         WHERE id = ${running.id}::uuid AND status = 'waiting'`,
        );
      }
      return undefined;
    });

    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'RUN_STEP_LIMIT', nodeId: 'pause' });
    expect(failed.endedAt).not.toBeNull();
    await withTenant(h.prisma, h.tenantId, async (tx) => {
      const audit = await tx.auditLog.findMany({ where: { targetType: 'run', targetId: running.id } });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'run.stopped_by_limit',
        actorUserId: null,
        actorApiKeyId: null,
        data: { code: 'RUN_STEP_LIMIT', nodeId: 'pause', flowId: running.flowId },
      });
      const pending = await tx.runTimer.findMany({
        where: { runId: running.id, firedAt: null, cancelledAt: null },
      });
      expect(pending).toEqual([]);
    });
  });
});
