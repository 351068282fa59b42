import { randomUUID } from 'node:crypto';
import { withTenant } from '@leadline/database';
import { startHarness, userMessage, waitFor, type Harness } from './support/engine-harness';

function flow(id: string, trigger: Record<string, unknown>, nodes: Array<Record<string, unknown>>) {
  const all = [{ id: 'start', type: 'trigger', data: trigger }, ...nodes];
  return {
    format: 'leadline.flow/v1',
    id,
    name: id,
    nodes: all,
    edges: all.slice(1).map((node, index) => ({
      id: `e${index}`,
      source: all[index]!.id,
      sourceHandle: 'next',
      target: node.id,
    })),
  };
}

const FLOWS = [
  flow('ask-human', { on: 'keyword', keywords: ['human'], match: 'exact' }, [
    { id: 'person', type: 'handoff', data: { note: 'Wants a person' } },
  ]),
  flow('web-lead', { on: 'api' }, [
    { id: 'welcome', type: 'template', data: { template: { name: 'not_synced', language: 'en' } } },
    { id: 'done', type: 'end', data: {} },
  ]),
];

describe('the engine records notification events in the transactions that make them happen', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ flows: FLOWS });
  });

  afterAll(async () => {
    await h.stop();
  });

  async function eventsOf(type: string, phone: string) {
    return withTenant(h.prisma, h.tenantId, (tx) =>
      tx.notificationEvent.findMany({ where: { type, contact: { phone } }, orderBy: { occurredAt: 'asc' } }),
    );
  }

  const first = (type: string, phone: string) => async () => (await eventsOf(type, phone))[0];

  it('a handoff names the conversation to open', async () => {
    const phone = '+447700900301';
    await h.client.ingest(userMessage(h, phone, 'human'));
    const event = await waitFor('conversation.handoff', first('conversation.handoff', phone));
    const conversation = await withTenant(h.prisma, h.tenantId, (tx) =>
      tx.conversation.findFirstOrThrow({ where: { contact: { phone } } }),
    );
    expect(event.conversationId).toBe(conversation.id);
    expect(event.payload).toMatchObject({ contact: { phone, name: 'Ana' }, note: 'Wants a person' });
  });

  it('a reply in an assigned conversation is for its assignee; in an unassigned one, for nobody', async () => {
    const phone = '+447700900302';
    await h.client.ingest(userMessage(h, phone, 'hello there'));
    const conversation = await waitFor('the conversation', () =>
      withTenant(h.prisma, h.tenantId, (tx) =>
        tx.conversation.findFirst({ where: { contact: { phone } } }),
      ).then((row) => row ?? undefined),
    );
    expect(await eventsOf('customer.replied', phone)).toEqual([]);
    const agent = await h.prisma.user.create({
      data: {
        tenantId: h.tenantId,
        email: `agent-${randomUUID().slice(0, 6)}@x.test`,
        passwordHash: 'x',
        role: 'agent',
      },
    });
    await h.prisma.conversation.update({
      where: { id: conversation.id },
      data: { assignedUserId: agent.id },
    });
    await h.client.ingest(userMessage(h, phone, 'are you there?'));
    const event = await waitFor('customer.replied', first('customer.replied', phone));
    expect(event.payload).toMatchObject({
      recipientUserId: agent.id,
      text: 'are you there?',
      contact: { phone },
    });
    expect(event.conversationId).toBe(conversation.id);
  });

  it('an API lead is a lead.captured, and its refused template a message.failed', async () => {
    const phone = '+447700900303';
    await h.client.submitLead({
      tenantId: h.tenantId,
      flowKey: 'web-lead',
      phone,
      name: 'Bo',
      fields: {},
      requestKey: 'n-1',
    });
    const lead = await waitFor('lead.captured', first('lead.captured', phone));
    expect(lead.payload).toMatchObject({ flow: 'web-lead', contact: { phone, name: 'Bo' } });
    const failed = await waitFor('message.failed', first('message.failed', phone));
    expect(failed.payload).toMatchObject({ reason: 'permanent', template: 'not_synced' });
  });
});
