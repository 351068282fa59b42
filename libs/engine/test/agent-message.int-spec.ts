import { withTenant } from '@leadline/database';
import { publishOutbox, queueAgentMessage, systemClock } from '../src';
import { waitFor } from './support/engine-harness';
import { startMetaEngineWorld, userWritesAtMeta, type MetaEngineWorld } from './support/meta-engine-world';

const ASK_HUMAN = {
  format: 'leadline.flow/v1',
  id: 'ask-human',
  name: 'ask-human',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['human'], match: 'exact' } },
    { id: 'hold', type: 'message', data: { text: 'A person will answer you here.' } },
    { id: 'person', type: 'handoff', data: { note: 'Wants a person' } },
  ],
  edges: [
    { id: 'e0', source: 'start', sourceHandle: 'next', target: 'hold' },
    { id: 'e1', source: 'hold', sourceHandle: 'next', target: 'person' },
  ],
};

describe('queueAgentMessage: a person writes to a contact during a handoff', () => {
  let world: MetaEngineWorld;

  beforeAll(async () => {
    world = await startMetaEngineWorld({ flows: [ASK_HUMAN] });
  });

  afterAll(async () => {
    await world?.stop();
  });

  const inTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(world.prisma, world.tenantId, work);

  async function handedOff(phone: string) {
    await userWritesAtMeta(world, phone, 'human');
    return waitFor('the run in handoff', () =>
      inTenant(async (tx) => {
        const run = await tx.flowRun.findFirst({
          where: { contact: { phone }, status: 'handoff' },
          select: { id: true, state: true, conversationId: true },
        });
        return run ?? undefined;
      }),
    );
  }

  const agentTexts = (phone: string, text: string) =>
    world.fake.received(phone).filter((m) => JSON.stringify(m.body).includes(text));

  it('sends the message once through the send job and leaves the run waiting in handoff', async () => {
    const phone = '+351917000001';
    const run = await handedOff(phone);
    const text = 'Hello Rita, this is Ana from sales.';
    const outcome = await inTenant((tx) =>
      queueAgentMessage(
        tx,
        { tenantId: world.tenantId, conversationId: run.conversationId!, text, author: { userId: 'u-1' } },
        new Date(),
      ),
    );
    expect(outcome).toMatchObject({ outcome: 'queued', messageId: expect.any(String) });
    const { messageId } = outcome as { messageId: string };
    await publishOutbox(world.prisma, world.engine.queue, systemClock, world.tenantId);

    const sent = await waitFor('the message sent', () =>
      inTenant(async (tx) => {
        const row = await tx.message.findUniqueOrThrow({ where: { id: messageId } });
        return row.status === 'sent' ? row : undefined;
      }),
    );
    expect(sent).toMatchObject({ direction: 'out', type: 'text', runId: null });
    expect(sent.body).toEqual({ type: 'text', text, author: { userId: 'u-1' } });
    expect(agentTexts(phone, text)).toEqual([expect.objectContaining({ wamid: sent.providerMessageId })]);

    // The sweeper republishes nothing it already published: still one delivery after a few sweeps.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(agentTexts(phone, text)).toHaveLength(1);
    const after = await inTenant((tx) =>
      tx.flowRun.findUniqueOrThrow({ where: { id: run.id }, select: { status: true, state: true } }),
    );
    expect(after.status).toBe('handoff');
    expect(after.state).toEqual(run.state);
  });

  it('refuses when the contact last wrote more than 24 hours ago, and queues nothing', async () => {
    const phone = '+351917000002';
    const run = await handedOff(phone);
    const dayAndMinuteAgo = new Date(Date.now() - 24 * 3_600_000 - 60_000);
    await inTenant((tx) =>
      tx.contact.updateMany({ where: { phone }, data: { lastInboundAt: dayAndMinuteAgo } }),
    );
    const outcome = await inTenant((tx) =>
      queueAgentMessage(
        tx,
        { tenantId: world.tenantId, conversationId: run.conversationId!, text: 'too late', author: {} },
        new Date(),
      ),
    );
    expect(outcome).toEqual({ outcome: 'window_closed', lastInboundAt: dayAndMinuteAgo.toISOString() });
    const queued = await inTenant((tx) =>
      tx.message.count({ where: { contact: { phone }, direction: 'out', runId: null } }),
    );
    expect(queued).toBe(0);
  });

  it('treats the window as closed once the provider refused a free-form message since the last inbound', async () => {
    const phone = '+351917000003';
    const run = await handedOff(phone);
    await inTenant(async (tx) => {
      const contact = await tx.contact.findFirstOrThrow({ where: { phone } });
      await tx.message.create({
        data: {
          tenantId: world.tenantId,
          conversationId: run.conversationId!,
          contactId: contact.id,
          channelId: world.channelId,
          direction: 'out',
          type: 'text',
          body: { type: 'text', text: 'earlier' },
          status: 'failed',
          failedAt: new Date(),
          errorCode: '131047',
        },
      });
    });
    const outcome = await inTenant((tx) =>
      queueAgentMessage(
        tx,
        { tenantId: world.tenantId, conversationId: run.conversationId!, text: 'hello?', author: {} },
        new Date(),
      ),
    );
    expect(outcome.outcome).toBe('window_closed');
  });

  it('answers not_found for a conversation this tenant cannot see', async () => {
    const outcome = await inTenant((tx) =>
      queueAgentMessage(
        tx,
        {
          tenantId: world.tenantId,
          conversationId: '00000000-0000-4000-8000-000000000000',
          text: 'hi',
          author: {},
        },
        new Date(),
      ),
    );
    expect(outcome).toEqual({ outcome: 'not_found' });
  });
});
