import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { EmbeddedEngine, EngineClient, systemClock } from '../src';
import { exampleFlow, FLOWS_DIR, waitFor } from './support/engine-harness';
import { RecordingProvider } from './support/recording-provider';
import {
  expectConversation,
  inboundEvent,
  normalised,
  parsedFlowOf,
  phoneOf,
  type ExpectedConversation,
} from './support/scripted-conversation';
import { createSoakWorld, deleteQueueKeys, type SoakWorld } from './support/soak-world';

const CONTACTS = 40;

function script(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FLOWS_DIR, `lead-capture.${name}.script.json`), 'utf8'));
}

describe('embedded engine: two workers on the same queues apply a contact’s rapid messages in order', () => {
  let world: SoakWorld;
  const engines: EmbeddedEngine[] = [];
  const clients: PrismaClient[] = [];
  const provider = new RecordingProvider();
  const errors: unknown[] = [];
  const sentBy = [0, 0];

  beforeAll(async () => {
    world = await createSoakWorld({ flows: [exampleFlow('lead-capture')] });
    for (let i = 0; i < 2; i += 1) {
      // Each engine has its own connection pool, as two worker processes would.
      const prisma = createPrismaClient({ url: world.db.url, maxConnections: 6 });
      clients.push(prisma);
      const engine = new EmbeddedEngine({
        prisma,
        redis: world.redis,
        providers: () => ({
          provider: 'sandbox' as const,
          send: (...args: Parameters<RecordingProvider['send']>) => {
            sentBy[i] += 1;
            return provider.send(...args);
          },
        }),
        queuePrefix: world.queuePrefix,
        sendRatePerSecond: 10_000,
        concurrency: { contacts: 8 },
        sweepIntervalMs: 500,
        channelPollMs: 500,
        onError: (error) => errors.push(error),
      });
      await engine.start();
      engines.push(engine);
    }
  });

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.stop()));
    await Promise.all(clients.map((prisma) => prisma.$disconnect()));
    if (world) await deleteQueueKeys(world);
    await world?.drop();
  });

  it('gives every contact the simulator’s transcript although its messages arrive all at once', async () => {
    const flow = parsedFlowOf(exampleFlow('lead-capture'));
    const scripts = [script('hot-lead'), script('retry-then-warm')];
    const expected: ExpectedConversation[] = [];
    for (let index = 0; index < CONTACTS; index += 1) {
      const chosen = scripts[index % scripts.length] as { contact: { name?: string } };
      expected.push(
        await expectConversation(flow, chosen, { phone: phoneOf(500 + index), name: chosen.contact.name }),
      );
    }
    // Webhooks for one contact come one after the other (as WhatsApp sends them); contacts in parallel,
    // and each message wakes whichever engine is free.
    const client = new EngineClient(world.prisma, engines[0].queue, systemClock);
    await Promise.all(
      expected.map(async (conversation) => {
        for (const input of conversation.inputs) {
          await client.ingest(inboundEvent(world.phoneNumberId, conversation, input.message));
        }
      }),
    );
    await waitFor(
      'every conversation to be answered',
      () => expected.every((c) => provider.sentTo(c.phone).length >= c.outbound.length) || undefined,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    // What the runs produced, in the order they produced it (the runs' transcripts): effect ids are
    // `<runId>:s<seq>`, numbered by the run; one transition's messages share a creation time.
    const produced = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findMany({ where: { direction: 'out' }, include: { contact: { select: { phone: true } } } }),
    );
    const seqOf = (key: string | null) => Number(key?.match(/:s(\d+)$/)?.[1]);
    const wrongTranscripts = expected.filter((conversation) => {
      const mine = produced
        .filter((m) => m.contact.phone === conversation.phone)
        .sort((a, b) => seqOf(a.idempotencyKey) - seqOf(b.idempotencyKey));
      const bodies = mine.map((m) => {
        const { nodeId: _nodeId, ...message } = m.body as Record<string, unknown>;
        return normalised(message);
      });
      return !isDeepStrictEqual(bodies, conversation.outbound);
    });
    expect(wrongTranscripts.map((c) => c.phone)).toEqual([]);

    // What each contact received, in the order WhatsApp got it.
    const wrongDeliveries = expected.filter(
      (conversation) =>
        !isDeepStrictEqual(
          provider.sentTo(conversation.phone).map((s) => normalised(s.message)),
          conversation.outbound,
        ),
    );
    expect(wrongDeliveries.map((c) => c.phone)).toEqual([]);

    const runs = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.flowRun.findMany({ include: { contact: { select: { phone: true } } } }),
    );
    expect(runs).toHaveLength(CONTACTS);
    for (const run of runs) {
      const conversation = expected.find((c) => c.phone === run.contact.phone);
      expect({ status: run.status, vars: run.vars }).toEqual({
        status: conversation?.run?.status,
        vars: conversation?.run?.vars,
      });
    }
    // Both engines did part of the work.
    expect(sentBy.every((count) => count > 0)).toBe(true);
    expect(errors).toEqual([]);
  });
});
