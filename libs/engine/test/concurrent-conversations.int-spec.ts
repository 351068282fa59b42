import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { withTenant } from '@leadline/database';
import { DEFAULT_INGEST_BATCH, EmbeddedEngine, EngineClient, systemClock } from '../src';
import { exampleFlow, FLOWS_DIR, waitFor } from './support/engine-harness';
import { ConversationDriver } from './support/conversation-driver';
import { RecordingProvider } from './support/recording-provider';
import { expectConversation, normalised, parsedFlowOf, phoneOf } from './support/scripted-conversation';
import { createSoakWorld, deleteQueueKeys, type SoakWorld } from './support/soak-world';

/**
 * How many contacts talk to the bot at the same time (ENGINE_SOAK_CONVERSATIONS overrides). One
 * engine process on the 2-core CI machine handles about 30 contact messages (and 35 sends) a second,
 * so 250 conversations take about 45 s; 1,000 passed in 199 s (ENGINE_SOAK_DEADLINE_MS=600000).
 */
const CONVERSATIONS = Number(process.env.ENGINE_SOAK_CONVERSATIONS ?? 250);
/** How long the conversations may take before the test gives up (ENGINE_SOAK_DEADLINE_MS overrides). */
const DEADLINE_MS = Number(process.env.ENGINE_SOAK_DEADLINE_MS ?? 300_000);

function script(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FLOWS_DIR, `lead-capture.${name}.script.json`), 'utf8'));
}

/** Three ways through lead capture: a hot lead, a warm one after invalid budgets, a nurture lead. */
const SCRIPTS = [
  script('hot-lead'),
  script('retry-then-warm'),
  {
    contact: { phone: '+27740000003', name: 'Dee' },
    steps: [
      { user: 'hello there' },
      { user: 'Dee Mokoena' },
      { user: { button: 'battery' } },
      { user: '1500' },
      { user: 'dee@example.org' },
    ],
  },
];

describe(`embedded engine: ${CONVERSATIONS} concurrent conversations match the simulator`, () => {
  let world: SoakWorld;
  let engine: EmbeddedEngine;
  const provider = new RecordingProvider();
  const errors: Array<{ error: unknown; context: string }> = [];

  beforeAll(async () => {
    world = await createSoakWorld({
      flows: [exampleFlow('lead-capture')],
      maxConnections: 16,
    });
    engine = new EmbeddedEngine({
      prisma: world.prisma,
      redis: world.redis,
      providers: () => provider,
      queuePrefix: world.queuePrefix,
      // One channel carries every contact here; its real limit is not what this test measures.
      sendRatePerSecond: 100_000,
      concurrency: { contacts: 12 },
      sweepIntervalMs: 1_000,
      channelPollMs: 500,
      onError: (error, context) => errors.push({ error, context }),
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    if (world) await deleteQueueKeys(world);
    await world?.drop();
  });

  it(
    'delivers, for every contact, exactly the messages the simulator gives for its replies',
    async () => {
      const flow = parsedFlowOf(exampleFlow('lead-capture'));
      // Ingest by group commit, as the API does: the conversations' webhooks share transactions.
      const client = new EngineClient(
        world.prisma,
        engine.queue,
        systemClock,
        undefined,
        undefined,
        DEFAULT_INGEST_BATCH,
      );
      const drivers = new Map<string, ConversationDriver>();
      for (let index = 0; index < CONVERSATIONS; index += 1) {
        const phone = phoneOf(index);
        const chosen = SCRIPTS[index % SCRIPTS.length] as { contact: { name?: string } };
        const expected = await expectConversation(flow, chosen, { phone, name: chosen.contact.name });
        drivers.set(
          phone,
          new ConversationDriver(
            expected,
            world.phoneNumberId,
            () => provider.sentTo(phone).length,
            (event) => client.ingest(event),
          ),
        );
      }
      const expectedSends = [...drivers.values()].reduce((sum, d) => sum + d.expected.outbound.length, 0);
      provider.onSend((send) => void drivers.get(send.to)?.pump());

      const started = Date.now();
      await Promise.all([...drivers.values()].map((driver) => driver.pump()));
      await waitFor(
        'every conversation to finish',
        () => [...drivers.values()].every((driver) => driver.done) || undefined,
        DEADLINE_MS,
      ).catch((error: Error) => {
        const stuck = [...drivers.values()].filter((d) => !d.done);
        throw new Error(
          `${error.message}: ${stuck.length} of ${CONVERSATIONS} unfinished, ${provider.total}/${expectedSends} sent`,
        );
      });
      const elapsedMs = Date.now() - started;
      // Anything still in flight would show up as an extra message.
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      console.info(
        `${CONVERSATIONS} conversations, ${expectedSends} bot messages, ` +
          `${[...drivers.values()].reduce((s, d) => s + d.expected.inputs.length, 0)} contact messages ` +
          `in ${(elapsedMs / 1000).toFixed(1)} s`,
      );

      const mismatches: string[] = [];
      for (const [phone, driver] of drivers) {
        const got = provider.sentTo(phone).map((send) => normalised(send.message));
        if (!isDeepStrictEqual(got, driver.expected.outbound)) {
          mismatches.push(
            `${phone}: got ${JSON.stringify(got)}\nexpected ${JSON.stringify(driver.expected.outbound)}`,
          );
        }
      }
      expect(mismatches.slice(0, 3)).toEqual([]);
      expect(mismatches).toHaveLength(0);
      expect(provider.total).toBe(expectedSends);
      expect([...drivers.values()].flatMap((d) => d.errors)).toEqual([]);

      // The runs end where the simulator's do, with the same variables.
      const runs = await withTenant(world.prisma, world.tenantId, (tx) =>
        tx.flowRun.findMany({ include: { contact: { select: { phone: true } } } }),
      );
      expect(runs).toHaveLength(CONVERSATIONS);
      const wrongRuns = runs.filter((run) => {
        const expected = drivers.get(run.contact.phone)?.expected.run;
        return (
          !expected ||
          run.status !== expected.status ||
          run.currentNode !== expected.node ||
          !isDeepStrictEqual(run.vars, expected.vars)
        );
      });
      expect(wrongRuns.map((run) => `${run.contact.phone}: ${run.status} at ${run.currentNode}`)).toEqual([]);
      expect(errors).toEqual([]);
    },
    DEADLINE_MS + 60_000,
  );
});
