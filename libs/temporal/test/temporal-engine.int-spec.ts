import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { withTenant, type PrismaClient } from '@leadline/database';
import { ContactProcessor, EngineClient, RetryLaterError, systemClock } from '@leadline/engine';
import { SandboxProvider, type MessageEvent } from '@leadline/whatsapp';
import { TemporalEngineClient } from '../src/client/temporal-engine-client';
import { contactWorkflowId, type ContactActivities } from '../src/workflows/contract';
import { createHarness, type Harness } from './support/harness';
import { InProcessHost } from './support/in-process-host';

const quiet = { logger: new DefaultLogger('ERROR') };

describe('Temporal engine over PostgreSQL (activities for real, the workflow machine in process)', () => {
  let h: Harness;
  let prisma: PrismaClient;
  let tenantId: string;
  let phoneNumberId: string;
  let sandbox: SandboxProvider;
  let activities: ContactActivities;
  let host: InProcessHost;
  let client: TemporalEngineClient;
  let counter = 0;

  beforeAll(async () => {
    sandbox = new SandboxProvider();
    h = await createHarness({
      flows: ['lead-capture'],
      provider: sandbox,
      handlers: {
        http: async () => {
          throw new RetryLaterError('the endpoint is busy', 7_000);
        },
      },
    });
    ({ prisma, tenantId, phoneNumberId, activities, host, client } = h);
  });

  afterAll(async () => {
    await h?.close();
  });

  function userMessage(phone: string, input: string | { button: string }): MessageEvent {
    counter += 1;
    const at = new Date();
    sandbox.setLastInbound(phone, at);
    const base = { providerMessageId: `wamid.t.${counter}.${randomUUID()}`, at: at.toISOString() };
    return {
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Ana' },
      message:
        typeof input === 'string'
          ? { ...base, type: 'text', text: input }
          : { ...base, type: 'button', buttonId: input.button },
    };
  }

  const delivered = (phone: string) =>
    sandbox.sentTo(phone).map((sent) => ('text' in sent.message ? sent.message.text : sent.message.type));

  it('runs a conversation to the handoff: the same messages and records as the embedded engine', async () => {
    const phone = '+351912345001';
    for (const input of [
      'Hi, info on solar please',
      'Ana Sousa',
      { button: 'business' },
      '€ 20.000',
      'ANA@example.com',
    ]) {
      expect(await client.ingest(userMessage(phone, input))).toMatchObject({ outcome: 'accepted' });
      await host.idle();
    }
    expect(host.errors).toEqual([]);
    expect(delivered(phone)).toEqual([
      'Hi! 👋 Thanks for contacting Sunrise Solar. Three quick questions and the right person will get back to you.',
      "First, what's your name?",
      'Nice to meet you, Ana Sousa! What are you interested in?',
      'Roughly what budget do you have in mind, in euros?',
      'And the best email for your proposal?',
      'Great news, Ana Sousa! A solar specialist will message you here today.',
    ]);
    await withTenant(prisma, tenantId, async (tx) => {
      const contact = await tx.contact.findFirstOrThrow({ where: { phone } });
      const run = await tx.flowRun.findFirstOrThrow({ where: { contactId: contact.id } });
      expect(run).toMatchObject({ engine: 'temporal', status: 'handoff', currentNode: 'to_sales' });
      expect(run.vars).toEqual({
        name: 'Ana Sousa',
        need: 'business',
        budget: 20000,
        email: 'ana@example.com',
      });
      expect(contact.tags).toEqual(expect.arrayContaining(['lead', 'hot-lead']));
      expect(
        await tx.message.count({ where: { contactId: contact.id, direction: 'out', status: 'sent' } }),
      ).toBe(6);
      expect(await tx.runEvent.count({ where: { runId: run.id } })).toBeGreaterThan(10);
      // Everything in the inbox went to the workflow; nothing is left for a relay.
      expect(await tx.contactEvent.count({ where: { contactId: contact.id, processedAt: null } })).toBe(0);
      expect(await tx.outboxEntry.count({ where: { publishedAt: null } })).toBe(0);
      const conversation = await tx.conversation.findFirstOrThrow({ where: { contactId: contact.id } });
      expect(conversation.status).toBe('handoff');
    });
    expect(new Set(host.signals.map((s) => s.workflowId)).size).toBe(1);
    expect(host.signals[0].workflowId).toMatch(new RegExp(`^contact-${tenantId}-`));
  });

  it('takes over a run the embedded engine started (engine switch) and carries it on', async () => {
    const phone = '+351912345005';
    // Before the switch: the embedded engine records and runs the first message.
    const embedded = new EngineClient(prisma, async () => undefined, systemClock);
    const first = await embedded.ingest(userMessage(phone, 'Hi, solar info'));
    if (first.outcome !== 'accepted') throw new Error('not accepted');
    await new ContactProcessor(prisma, systemClock, async () => undefined).process(tenantId, first.contactId);
    await withTenant(prisma, tenantId, async (tx) => {
      // The embedded engine's send jobs delivered these before the switch.
      await tx.message.updateMany({
        where: { contactId: first.contactId, direction: 'out' },
        data: { status: 'sent' },
      });
      await tx.outboxEntry.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    });
    const before = await withTenant(prisma, tenantId, (tx) =>
      tx.flowRun.findFirstOrThrow({ where: { contactId: first.contactId } }),
    );
    expect(before).toMatchObject({ engine: 'embedded', status: 'waiting', currentNode: 'ask_name' });

    // After the switch: the answer reaches the same run through its contact workflow.
    await client.ingest(userMessage(phone, 'Ana Sousa'));
    await host.idle();
    expect(host.errors).toEqual([]);
    expect(delivered(phone)).toEqual(['Nice to meet you, Ana Sousa! What are you interested in?']);
    const after = await withTenant(prisma, tenantId, (tx) =>
      tx.flowRun.findMany({ where: { contactId: first.contactId } }),
    );
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before.id, engine: 'temporal', currentNode: 'ask_need' });
    expect(after[0].vars).toMatchObject({ name: 'Ana Sousa' });
  });

  it('signals a redelivered webhook once (the inbox dedupes it before any signal)', async () => {
    const phone = '+351912345002';
    const message = userMessage(phone, 'Hi, solar info');
    await client.ingest(message);
    const before = host.signals.length;
    expect(await client.ingest(message)).toEqual({ outcome: 'duplicate' });
    await host.idle();
    expect(host.signals.length).toBe(before);
    expect(delivered(phone)).toHaveLength(2);
  });

  it('a replayed or reset workflow (new run id, same activities again) records and sends once', async () => {
    const phone = '+351912345003';
    await client.ingest(userMessage(phone, 'Hello, price?'));
    await host.idle();
    const contactId = await withTenant(
      prisma,
      tenantId,
      async (tx) => (await tx.contact.findFirstOrThrow({ where: { phone } })).id,
    );
    const sentBefore = sandbox.sentTo(phone).length;
    expect(sentBefore).toBe(2);
    const countRows = () =>
      withTenant(prisma, tenantId, async (tx) => ({
        messages: await tx.message.count({ where: { contactId } }),
        events: await tx.runEvent.count({
          where: { runId: { in: (await tx.flowRun.findMany({ where: { contactId } })).map((r) => r.id) } },
        }),
      }));
    const before = await countRows();
    // `temporal workflow reset` replays the contact's activities under a new workflow run id and
    // activity ids: every inbox row is already applied, every message already sent.
    const ref = { tenantId, contactId };
    for (const runId of ['wf-run-after-reset-1', 'wf-run-after-reset-2']) {
      const env = new MockActivityEnvironment(
        { activityId: '1', workflowExecution: { workflowId: contactWorkflowId(tenantId, contactId), runId } },
        quiet,
      );
      const result = await env.run(activities.processContact, ref);
      expect(result).toMatchObject({ applied: 0, sends: [], steps: [] });
    }
    expect(await countRows()).toEqual(before);
    expect(sandbox.sentTo(phone).length).toBe(sentBefore);
  });

  it('routes nothing for an opted-out contact, and maps step failures to Temporal retries', async () => {
    const phone = '+351912345004';
    await client.ingest(userMessage(phone, 'STOP'));
    await host.idle();
    const contactId = await withTenant(
      prisma,
      tenantId,
      async (tx) => (await tx.contact.findFirstOrThrow({ where: { phone } })).id,
    );
    expect(delivered(phone)).toEqual([]);
    await withTenant(prisma, tenantId, async (tx) => {
      expect(await tx.flowRun.count({ where: { contactId } })).toBe(0);
    });

    // A step of one of the contact's own runs (a forged run id is refused before the handler runs).
    const runId = await withTenant(prisma, tenantId, async (tx) => {
      const flow = await tx.flow.findFirstOrThrow({ where: { key: 'lead-capture' } });
      const run = await tx.flowRun.create({
        data: {
          tenantId,
          flowId: flow.id,
          flowVersionId: flow.activeVersionId!,
          contactId,
          status: 'waiting',
          engine: 'temporal',
        },
      });
      return run.id;
    });
    const env = new MockActivityEnvironment({ activityId: '1' }, quiet);
    const call = { outboxId: '0', runId, requestId: `r-${randomUUID()}`, nodeId: 'n1' };
    const busy = await env
      .run(activities.runStep, {
        tenantId,
        contactId,
        call: {
          ...call,
          request: { kind: 'http', method: 'GET', url: 'https://example.com', headers: {}, timeoutMs: 1000 },
        },
      })
      .catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(ApplicationFailure);
    expect(busy).toMatchObject({ type: 'RetryLater', nonRetryable: false, nextRetryDelay: 7000 });
    // The last attempt answers the node's error port instead of leaving the run waiting.
    await new MockActivityEnvironment({ activityId: '1', attempt: 8 }, quiet).run(activities.runStep, {
      tenantId,
      contactId,
      call: {
        ...call,
        request: { kind: 'http', method: 'GET', url: 'https://example.com', headers: {}, timeoutMs: 1000 },
      },
    });
    await withTenant(prisma, tenantId, async (tx) => {
      const result = await tx.contactEvent.findFirstOrThrow({
        where: { contactId, kind: 'activity.result' },
      });
      expect(result.payload).toMatchObject({ ok: false, error: { code: 'ACTIVITY_FAILED' } });
    });
  });
});
