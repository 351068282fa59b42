import { randomBytes } from 'node:crypto';
import { withTenant } from '@leadline/database';
import { createSubscription } from '@leadline/outbound-events';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { SandboxProvider } from '@leadline/whatsapp';
import { timerFlow } from '../../../tools/bench/src/bench-flows';
import { ContactProcessor } from '../src/contact-processor';
import { systemClock } from '../src/engine-ports';
import { TimerPoller } from '../src/timer-poller';
import type { OutboxRow } from '../src/outbox-relay';
import { waitFor } from './support/engine-harness';
import { startEngineWorld, type EngineWorld } from './support/engine-world';
import { installStatementCounter } from './support/statement-counter';

/**
 * A run's end on the hot path (issue 21, fourth round): a fired timer whose transition sends a
 * reminder and ends the run is written by PERSIST_STEP. What it leaves (the run's status, ended_at,
 * trace, the reminder and its outbox row, the run.completed outbound event with one delivery per
 * subscription) must be what the Prisma path (persistTransition) leaves for the same transition.
 */
/** A question with a timeout (a timer armed), then, once answered (that timer cancelled), a wait (another armed). */
const askFlow = {
  format: 'leadline.flow/v1',
  id: 'ask-then-wait',
  name: 'Ask then wait',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['ask'], match: 'exact' } },
    {
      id: 'ask',
      type: 'question',
      data: { text: 'Your name?', save: 'name', expect: 'text', timeout: '1h' },
    },
    { id: 'later', type: 'wait', data: { duration: '1h', interruptOnReply: false } },
    { id: 'done', type: 'end', data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'answered', target: 'later' },
    { id: 'e3', source: 'ask', sourceHandle: 'timeout', target: 'done' },
    { id: 'e4', source: 'later', sourceHandle: 'elapsed', target: 'done' },
  ],
};

describe('timers and run ends on the hot path', () => {
  let world: EngineWorld;
  const sandbox = new SandboxProvider();

  beforeAll(async () => {
    world = await startEngineWorld({
      flows: [timerFlow(3_600), askFlow],
      // No sweep: the fired timers below are applied by the test's own processor, on the path it says.
      engine: { providers: () => sandbox, sweepIntervalMs: 3_600_000, channelPollMs: 3_600_000 },
    });
    const box = createSecretBoxFromBase64Keys({ current: randomBytes(32).toString('base64') });
    await withTenant(world.prisma, world.tenantId, (tx) =>
      createSubscription(tx, box, {
        tenantId: world.tenantId,
        url: 'https://hooks.example.com/leadline',
        events: ['run.completed'],
      }),
    );
  });

  afterAll(async () => {
    await world?.stop();
  });

  async function say(phone: string, text: string) {
    sandbox.setLastInbound(phone, new Date());
    await world.client.ingest({
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId: world.phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Ana' },
      message: {
        type: 'text',
        text,
        providerMessageId: `wamid.${phone}.${text}`,
        at: new Date().toISOString(),
      },
    });
  }

  /**
   * A run of the timer flow for `phone`, waiting on its (hour-long) timer, its acknowledgement sent:
   * the engine sends it after the step's commit (send-inline.ts), so the run can be seen waiting while
   * that message is still queued; both runs compared below must be taken in the same settled state.
   */
  async function waitingRun(phone: string) {
    await say(phone, 'remindme please');
    return waitFor(`the run of ${phone} waiting, its acknowledgement sent`, () =>
      withTenant(world.prisma, world.tenantId, async (tx) => {
        const timer = await tx.runTimer.findFirst({
          where: { contact: { phone } },
          include: { run: true },
        });
        if (timer?.run.status !== 'waiting') return undefined;
        const queued = await tx.message.count({
          where: { runId: timer.runId, direction: 'out', status: 'queued' },
        });
        return queued === 0 ? timer : undefined;
      }),
    );
  }

  /** Fires the run's timer and applies it with a processor of its own, on `path`. */
  async function fireAndApply(phone: string, path: 'hot' | 'prisma') {
    const timer = await waitingRun(phone);
    const outbox: OutboxRow[] = [];
    const processor = new ContactProcessor(world.prisma, systemClock, async (_tenant, _contact, rows) => {
      outbox.push(...rows);
    });
    // The timer poller's claim at the timer's due time (an hour from now), this timer only.
    const poller = new TimerPoller(
      world.prisma,
      { now: () => timer.dueAt },
      async () => undefined,
      () => undefined,
    );
    expect(await poller.fireDue({ tenantId: world.tenantId, limit: 1 })).toMatchObject({
      claimed: 1,
      appended: 1,
      contacts: [{ tenantId: world.tenantId, contactId: timer.contactId }],
    });
    const counter = installStatementCounter();
    let texts: string[];
    try {
      expect(await processor.process(world.tenantId, timer.contactId, path)).toBe(1);
      texts = counter.take().texts;
    } finally {
      counter.uninstall();
    }
    return { ...(await leftBy(timer.runId)), outbox, texts };
  }

  /** What the run's end left in the database, ids and times taken out. */
  async function leftBy(runId: string) {
    return withTenant(world.prisma, world.tenantId, async (tx) => {
      const run = await tx.flowRun.findUniqueOrThrow({ where: { id: runId } });
      const trace = await tx.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
      const messages = await tx.message.findMany({
        where: { runId, direction: 'out' },
        orderBy: { createdAt: 'asc' },
      });
      const timers = await tx.runTimer.findMany({ where: { runId } });
      const events = await tx.outboundEvent.findMany({
        where: { type: 'run.completed', contactId: run.contactId },
        include: { deliveries: true },
      });
      const payloadOf = (event: (typeof events)[number]) =>
        event.payload as { run: Record<string, unknown>; contact: Record<string, unknown> };
      return {
        run: {
          status: run.status,
          currentNode: run.currentNode,
          ended: run.endedAt !== null,
          vars: run.vars,
          error: run.error,
        },
        trace: trace.map((e) => [e.seq, e.type, e.nodeId, e.port, e.data]),
        messages: messages.map((m) => [
          m.type,
          m.body,
          m.status,
          m.templateName,
          m.idempotencyKey?.replace(runId, 'RUN'),
        ]),
        timers: timers.map((t) => [
          t.timerId.replace(runId, 'RUN'),
          t.firedAt !== null,
          t.cancelledAt !== null,
        ]),
        events: events.map((event) => ({
          payload: {
            ...payloadOf(event),
            run: { ...payloadOf(event).run, id: payloadOf(event).run.id === runId },
            contact: { ...payloadOf(event).contact, id: 'x', phone: 'x' },
          },
          deliveries: event.deliveries.map((d) => [d.status, d.attempts]),
        })),
      };
    });
  }

  it('the same run, trace, reminder, outbox row and run.completed event (once), with no rollback', async () => {
    const hot = await fireAndApply('+447700900301', 'hot');
    const prisma = await fireAndApply('+447700900302', 'prisma');
    // The hot one went the plain-SQL way: one PERSIST_STEP, no ROLLBACK, no Prisma run update.
    expect(hot.texts.filter((text) => /^WITH run AS \( UPDATE flow_runs/.test(text))).toHaveLength(1);
    expect(hot.texts.filter((text) => /^ROLLBACK/i.test(text))).toEqual([]);
    expect(hot.texts.filter((text) => /^UPDATE "public"\."flow_runs"/.test(text))).toEqual([]);
    expect(prisma.texts.filter((text) => /^UPDATE "public"\."flow_runs"/.test(text))).toHaveLength(1);

    expect(hot.run.status).toBe('completed');
    expect(hot.run.ended).toBe(true);
    expect(hot.events).toHaveLength(1);
    expect(hot.events[0]!.deliveries).toEqual([['pending', 0]]);
    expect(hot.events[0]!.payload).toMatchObject({
      run: { id: true, flow: 'bench-timer', flowVersion: 1, status: 'completed' },
      contact: { name: 'Ana' },
    });
    expect(hot.outbox.map((row) => row.kind)).toEqual(['send']);
    const { texts: _hotTexts, outbox: hotOutbox, ...hotLeft } = hot;
    const { texts: _prismaTexts, outbox: prismaOutbox, ...prismaLeft } = prisma;
    expect(hotLeft).toEqual(prismaLeft);
    expect(hotOutbox.map((row) => row.kind)).toEqual(prismaOutbox.map((row) => row.kind));
  });

  it('an answer that cancels the question’s timer and arms the wait’s is applied on the hot path', async () => {
    const phone = '+447700900303';
    const timersOf = () =>
      withTenant(world.prisma, world.tenantId, (tx) =>
        tx.runTimer.findMany({ where: { contact: { phone } }, orderBy: { dueAt: 'asc' } }),
      );
    await say(phone, 'ask');
    const [asked] = await waitFor('the question’s timer', async () => {
      const timers = await timersOf();
      return timers.length === 1 ? timers : undefined;
    });
    const counter = installStatementCounter();
    let texts: string[];
    try {
      await say(phone, 'Ana Lima');
      await waitFor('the wait’s timer', async () => ((await timersOf()).length === 2 ? true : undefined));
      texts = counter.take().texts;
    } finally {
      counter.uninstall();
    }
    expect(world.errors).toEqual([]);
    expect(texts.filter((text) => /^ROLLBACK/i.test(text))).toEqual([]);
    expect(texts.filter((text) => /^UPDATE "public"\."flow_runs"/.test(text))).toEqual([]);
    expect(texts.filter((text) => /^WITH run AS \( UPDATE flow_runs/.test(text))).toHaveLength(1);
    const timers = await timersOf();
    expect(timers.map((t) => [t.timerId, t.cancelledAt !== null, t.firedAt !== null])).toEqual([
      [asked!.timerId, true, false],
      [expect.any(String), false, false],
    ]);
    // No outbox row for a timer (issue 21, fifth round): the poller fires the run_timers row itself.
    const outbox = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.outboxEntry.count({ where: { kind: 'timer' } }),
    );
    expect(outbox).toBe(0);
    const armed = timers[1]!;
    expect(armed.enqueuedAt).toBeNull();
    const run = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.flowRun.findUniqueOrThrow({ where: { id: armed.runId } }),
    );
    expect([run.status, run.currentNode, run.vars]).toEqual(['waiting', 'later', { name: 'Ana Lima' }]);
  });
});
