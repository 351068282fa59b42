import { withTenant } from '@leadline/database';
import { EmbeddedEngine, EngineClient, systemClock } from '../src';
import { exampleFlow, waitFor } from './support/engine-harness';
import { RecordingProvider } from './support/recording-provider';
import { inboundEvent } from './support/scripted-conversation';
import { createSoakWorld, deleteQueueKeys, type SoakWorld } from './support/soak-world';

const HOUR = 3_600_000;

describe('embedded engine: a webhook that arrives late', () => {
  let world: SoakWorld;
  let engine: EmbeddedEngine;
  let client: EngineClient;
  // Records every call: a session message tried and refused would show here, unlike in the sandbox.
  const provider = new RecordingProvider();
  const errors: unknown[] = [];

  beforeAll(async () => {
    world = await createSoakWorld({ flows: [exampleFlow('lead-capture')] });
    engine = new EmbeddedEngine({
      prisma: world.prisma,
      redis: world.redis,
      providers: () => provider,
      queuePrefix: world.queuePrefix,
      sweepIntervalMs: 500,
      channelPollMs: 500,
      onError: (error) => errors.push(error),
    });
    await engine.start();
    client = new EngineClient(world.prisma, engine.queue, systemClock);
  });

  afterAll(async () => {
    await engine?.stop();
    if (world) await deleteQueueKeys(world);
    await world?.drop();
  });

  it('answers a message written 25 hours ago with the re-engagement template, not a session message', async () => {
    const phone = '+351914000001';
    const writtenAt = new Date(Date.now() - 25 * HOUR);
    const outcome = await client.ingest(
      inboundEvent(
        world.phoneNumberId,
        { phone, name: 'Rita' },
        { type: 'text', text: 'Hi, solar info?' },
        writtenAt,
      ),
    );
    expect(outcome.outcome).toBe('accepted');
    await waitFor('a message to the contact', () => provider.sentTo(phone).length > 0 || undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // anything else would be sent by now

    expect(provider.sentTo(phone).map((send) => send.message)).toEqual([
      { type: 'template', template: { name: 'still_interested', language: 'en', params: ['Rita'] } },
    ]);
    const run = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.flowRun.findFirstOrThrow({ where: { contact: { phone } }, include: { contact: true } }),
    );
    // The window is the message's own time, and the run waits for the contact to write again.
    expect(run.contact.lastInboundAt?.toISOString()).toBe(writtenAt.toISOString());
    expect(run).toMatchObject({ status: 'waiting', currentNode: 'ask_name' });
    const outbound = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findMany({ where: { contactId: run.contactId, direction: 'out' } }),
    );
    expect(outbound.map((m) => [m.type, m.templateName, m.status])).toEqual([
      ['template', 'still_interested', 'sent'],
    ]);

    // When the contact writes again, the window is open: the question they never saw is asked now.
    await client.ingest(
      inboundEvent(world.phoneNumberId, { phone, name: 'Rita' }, { type: 'text', text: 'yes!' }),
    );
    await waitFor('the question', () => provider.sentTo(phone).length >= 2 || undefined);
    expect(provider.sentTo(phone)[1].message).toEqual({ type: 'text', text: "First, what's your name?" });
  });

  it('answers a message written 23 hours ago with the session messages themselves', async () => {
    const phone = '+351914000002';
    await client.ingest(
      inboundEvent(
        world.phoneNumberId,
        { phone, name: 'Rui' },
        { type: 'text', text: 'hello' },
        new Date(Date.now() - 23 * HOUR),
      ),
    );
    await waitFor('the greeting and first question', () => provider.sentTo(phone).length >= 2 || undefined);
    expect(provider.sentTo(phone).map((send) => send.message.type)).toEqual(['text', 'text']);
  });

  it('reports no engine errors', () => {
    expect(errors).toEqual([]);
  });
});
