import { withTenant } from '@leadline/database';
import {
  delivered,
  exampleFlow,
  startHarness,
  userMessage,
  waitFor,
  type Harness,
} from './support/engine-harness';

describe('embedded engine: a conversation end to end (PostgreSQL + BullMQ + sandbox channel)', () => {
  let h: Harness;
  const phone = '+351912345678';

  beforeAll(async () => {
    h = await startHarness({ flows: [exampleFlow('lead-capture'), exampleFlow('no-reply-follow-up')] });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('answers a keyword with the flow, question by question, and hands a hot lead to a person', async () => {
    expect(await h.client.ingest(userMessage(h, phone, 'Hi, info on solar please'))).toMatchObject({
      outcome: 'accepted',
    });
    await waitFor('the first question', () => delivered(h, phone).length >= 2 || undefined);
    expect(delivered(h, phone)).toEqual([
      'Hi! 👋 Thanks for contacting Sunrise Solar. Three quick questions and the right person will get back to you.',
      "First, what's your name?",
    ]);
    await h.client.ingest(userMessage(h, phone, 'Ana Sousa'));
    await waitFor('the interest question', () => delivered(h, phone).length >= 3 || undefined);
    await h.client.ingest(userMessage(h, phone, { button: 'business' }));
    await waitFor('the budget question', () => delivered(h, phone).length >= 4 || undefined);
    await h.client.ingest(userMessage(h, phone, '€ 20.000'));
    await waitFor('the email question', () => delivered(h, phone).length >= 5 || undefined);
    await h.client.ingest(userMessage(h, phone, 'ANA@example.com'));
    await waitFor('the hot-lead message', () => delivered(h, phone).length >= 6 || undefined);
    expect(delivered(h, phone).slice(2)).toEqual([
      'Nice to meet you, Ana Sousa! What are you interested in?',
      'Roughly what budget do you have in mind, in euros?',
      'And the best email for your proposal?',
      'Great news, Ana Sousa! A solar specialist will message you here today.',
    ]);
    const run = await waitFor('the run to reach handoff', () =>
      withTenant(h.prisma, h.tenantId, (tx) => tx.flowRun.findFirst({ where: { status: 'handoff' } })).then(
        (r) => r ?? undefined,
      ),
    );
    expect(run.vars).toEqual({
      name: 'Ana Sousa',
      need: 'business',
      budget: 20000,
      email: 'ana@example.com',
    });
    await withTenant(h.prisma, h.tenantId, async (tx) => {
      const contact = await tx.contact.findFirstOrThrow({ where: { phone }, include: { stage: true } });
      expect(contact.tags).toEqual(expect.arrayContaining(['lead', 'hot-lead']));
      expect(contact.fields).toMatchObject({ email: 'ana@example.com' });
      // The crm step's stage is the workspace's pipeline stage (created, as the workspace had none),
      // and the move is recorded as the flow's.
      expect(contact.stage?.name).toBe('qualified');
      const changes = await tx.contactStageChange.findMany({ where: { contactId: contact.id } });
      expect(changes).toEqual([
        expect.objectContaining({ fromStageId: null, toName: 'qualified', source: 'flow', runId: run.id }),
      ]);
      const conversation = await tx.conversation.findFirstOrThrow({ where: { contactId: contact.id } });
      expect(conversation.status).toBe('handoff');
      const outbound = await tx.message.findMany({
        where: { direction: 'out' },
        orderBy: { createdAt: 'asc' },
      });
      expect(outbound).toHaveLength(6);
      expect(outbound.every((m) => m.status === 'sent' && m.providerMessageId?.startsWith('sandbox.'))).toBe(
        true,
      );
      const trace = await tx.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
      expect(trace.map((e) => `${e.type}:${e.nodeId}${e.port ? `:${e.port}` : ''}`).slice(0, 3)).toEqual([
        'node.enter:start',
        'node.exit:start:next',
        'node.enter:welcome',
      ]);
    });
  });

  it('processes a redelivered webhook once', async () => {
    const other = '+351912000999';
    const event = userMessage(h, other, 'hello');
    const first = await h.client.ingest(event);
    const again = await h.client.ingest(event);
    expect(first.outcome).toBe('accepted');
    expect(again.outcome).toBe('duplicate');
    await waitFor('the greeting', () => delivered(h, other).length >= 2 || undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(delivered(h, other)).toHaveLength(2);
  });

  it('starts an api-triggered run from a lead, with a template because the contact never wrote', async () => {
    const lead = '+4915112345678';
    const result = await h.client.submitLead({
      tenantId: h.tenantId,
      flowKey: 'no-reply-follow-up',
      phone: lead,
      name: 'Lena',
      fields: { source: 'the solar calculator' },
      requestKey: 'form-1',
    });
    expect(result.accepted).toBe(true);
    const again = await h.client.submitLead({
      tenantId: h.tenantId,
      flowKey: 'no-reply-follow-up',
      phone: lead,
      requestKey: 'form-1',
    });
    expect(again.accepted).toBe(false);
    await waitFor('the welcome template', () => delivered(h, lead).length >= 1 || undefined);
    const [welcome] = h.sandbox.sentTo(lead);
    expect(welcome.message).toEqual({
      type: 'template',
      template: {
        name: 'lead_welcome',
        language: 'en',
        params: ['Lena', 'the solar calculator'],
        buttons: [{ index: 0, payload: 'CALL_ME' }],
      },
    });
    const timer = await withTenant(h.prisma, h.tenantId, (tx) =>
      tx.runTimer.findFirst({ where: { contactId: result.contactId } }),
    );
    expect(timer?.dueAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });

  it('reports no engine errors', () => {
    expect(h.errors).toEqual([]);
  });
});
