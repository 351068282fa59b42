import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { withTenant, type PrismaClient } from '@leadline/database';
import {
  appendContactEvent,
  queueAgentMessage,
  SEND_ATTEMPTS_EXHAUSTED,
  systemClock,
} from '@leadline/engine';
import type { OutboundMessage } from '@leadline/flow-core';
import { ProviderError, SandboxProvider, type SendOptions } from '@leadline/whatsapp';
import { createContactActivities } from '../src/activities/contact-activities';
import { contactsWithPendingWork } from '../src/client/inbox-forwarder';
import { TemporalEngineClient } from '../src/client/temporal-engine-client';
import {
  contactWorkflowId,
  NON_RETRYABLE,
  SEND_ATTEMPTS,
  type ContactActivities,
  type ProcessResult,
} from '../src/workflows/contract';
import { createHarness, type Harness } from './support/harness';
import { InProcessHost } from './support/in-process-host';

const quiet = { logger: new DefaultLogger('ERROR') };

/** The sandbox, with a switch that makes every send a retryable 503 (a provider outage). */
class SwitchableSandbox extends SandboxProvider {
  down = false;
  attempts = 0;

  override async send(to: string, message: OutboundMessage, options: SendOptions) {
    this.attempts += 1;
    if (this.down) {
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'retryable', retryAfterMs: 1 },
        httpStatus: 503,
        message: 'service unavailable',
      });
    }
    return super.send(to, message, options);
  }
}

describe('Temporal engine: failures are bounded and reach the run, as on the embedded engine (offline harness)', () => {
  let h: Harness;
  let prisma: PrismaClient;
  let tenantId: string;
  const sandbox = new SwitchableSandbox();
  let activities: ContactActivities;
  let host: InProcessHost;
  let client: TemporalEngineClient;
  const setAside: string[] = [];

  beforeAll(async () => {
    h = await createHarness({
      flows: ['lead-capture'],
      provider: sandbox,
      // Temporal's retry policies: the send budget, and retries of processContact (an outage) that
      // the strikes bound for a poison event.
      attempts: { sendBatch: SEND_ATTEMPTS, processContact: 10 },
      deps: { onSetAside: (_error, eventId) => setAside.push(String(eventId)) },
    });
    ({ prisma, tenantId, activities, host, client } = h);
  });

  afterAll(async () => {
    await h?.close();
  });

  const says = (phone: string, text: string) => h.says(phone, text);
  const contactOf = (phone: string) => h.contactOf(phone);
  const texts = (phone: string) => h.texts(phone);

  it('gives a send up after the embedded budget, fails its messages and the run gets SEND_FAILED', async () => {
    const phone = '+351913000001';
    sandbox.down = true;
    sandbox.attempts = 0;
    try {
      await client.ingest(says(phone, 'Hi, info on solar please'));
      await host.idle();
    } finally {
      sandbox.down = false;
    }
    expect(host.errors).toEqual([]);
    // The first message of the batch fails on every attempt: one provider call per attempt.
    expect(sandbox.attempts).toBe(SEND_ATTEMPTS);
    await withTenant(prisma, tenantId, async (tx) => {
      const run = await tx.flowRun.findFirstOrThrow({ where: { contact: { phone } } });
      expect(run).toMatchObject({ engine: 'temporal', status: 'failed' });
      expect(run.error).toMatchObject({ code: 'SEND_FAILED' });
      const messages = await tx.message.findMany({
        where: { contact: { phone }, direction: 'out' },
        select: { status: true, errorCode: true },
      });
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages)
        expect(message).toEqual({ status: 'failed', errorCode: SEND_ATTEMPTS_EXHAUSTED });
      // Nothing waits behind it: the batch is done, the inbox is empty.
      expect(await tx.outboxEntry.count({ where: { publishedAt: null } })).toBe(0);
      expect(await tx.contactEvent.count({ where: { contact: { phone }, processedAt: null } })).toBe(0);
    });
  });

  it('sets a poison event aside after 5 strikes with its error, and goes on with the next events', async () => {
    const phone = '+351913000002';
    await client.ingest(says(phone, 'Hi, solar'));
    await host.idle();
    const contactId = await contactOf(phone);
    const poisonId = await withTenant(prisma, tenantId, (tx) =>
      appendContactEvent(tx, {
        tenantId,
        contactId,
        kind: 'control',
        // Not a valid control payload: applying it fails every time (a poison event).
        payload: { action: 'explode' } as never,
        occurredAt: new Date(),
      }),
    );
    await client.ingest(says(phone, 'Ana Sousa'));
    await host.idle();
    expect(host.errors).toEqual([]);
    expect(setAside).toEqual([String(poisonId)]);
    await withTenant(prisma, tenantId, async (tx) => {
      const poison = await tx.contactEvent.findUniqueOrThrow({ where: { id: poisonId! } });
      expect(poison).toMatchObject({ attempts: 5 });
      expect(poison.failedAt).not.toBeNull();
      expect(poison.lastError).toMatch(/unknown control action "explode"/);
      // Every row is marked applied by the activity that applied it, not when it was signalled.
      expect(await tx.contactEvent.count({ where: { contactId, processedAt: null } })).toBe(0);
    });
    // The answer behind the poison event reached the run.
    expect(texts(phone).at(-1)).toBe('Nice to meet you, Ana Sousa! What are you interested in?');
    // processContact failed 4 times (strikes 1-4) and succeeded on the 5th, which set the event aside.
    expect(host.calls.filter((name) => name === 'processContact').length).toBeGreaterThanOrEqual(5);
  });

  it('applies an event whose wake was lost when the contact is next woken (rows, not signals, are the mailbox)', async () => {
    const phone = '+351913000003';
    await client.ingest(says(phone, 'Hi, solar'));
    await host.idle();
    const contactId = await contactOf(phone);
    // Recorded, but the wake never arrived (Temporal was away): the row stays pending...
    await withTenant(prisma, tenantId, async (tx) =>
      appendContactEvent(tx, {
        tenantId,
        contactId,
        kind: 'inbound',
        payload: {
          channelId: (await tx.channel.findFirstOrThrow()).id,
          message: {
            id: `wamid.${randomUUID()}`,
            at: new Date().toISOString(),
            type: 'text',
            text: 'Rui Lima',
          },
        },
        occurredAt: new Date(),
      }),
    );
    await withTenant(prisma, tenantId, async (tx) => {
      expect(await tx.contactEvent.count({ where: { contactId, processedAt: null } })).toBe(1);
    });
    // ...until the sweep (or the next event) wakes the contact.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await contactsWithPendingWork(prisma, 1)).toContainEqual({ tenantId, contactId });
    await client.wakeContact(tenantId, contactId);
    await host.idle();
    expect(await contactsWithPendingWork(prisma, 1)).not.toContainEqual({ tenantId, contactId });
    expect(texts(phone).at(-1)).toBe('Nice to meet you, Rui Lima! What are you interested in?');
  });

  it('sends an agent reply from the inbox exactly once, in order with the bot messages', async () => {
    const phone = '+351913000004';
    await client.ingest(says(phone, 'Hi, solar info'));
    await host.idle();
    const contactId = await contactOf(phone);
    const queued = await withTenant(prisma, tenantId, async (tx) => {
      const conversation = await tx.conversation.findFirstOrThrow({ where: { contactId } });
      return queueAgentMessage(
        tx,
        {
          tenantId,
          conversationId: conversation.id,
          text: 'Hello Ana, Rita here.',
          author: { userId: randomUUID() },
        },
        new Date(),
      );
    });
    expect(queued).toMatchObject({ outcome: 'queued' });
    // Should the API's wake be lost, the sweep finds the unsent reply.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await contactsWithPendingWork(prisma, 1)).toContainEqual({ tenantId, contactId });
    // The API hands it to the engine (AgentMessagesService → OutboxPublisher → wakeContact).
    await client.wakeContact(tenantId, contactId);
    await host.idle();
    await client.ingest(says(phone, 'Ana Sousa'));
    await host.idle();
    // Woken again (a duplicate signal, a reset): nothing is sent twice.
    await client.wakeContact(tenantId, contactId);
    await host.idle();
    expect(host.errors).toEqual([]);
    expect(texts(phone)).toEqual([
      'Hi! 👋 Thanks for contacting Sunrise Solar. Three quick questions and the right person will get back to you.',
      "First, what's your name?",
      'Hello Ana, Rita here.',
      'Nice to meet you, Ana Sousa! What are you interested in?',
    ]);
    await withTenant(prisma, tenantId, async (tx) => {
      const reply = await tx.message.findUniqueOrThrow({
        where: { id: (queued as { messageId: string }).messageId },
      });
      expect(reply.status).toBe('sent');
    });
  });

  it('sleeps until the next timer, fires it once and applies it (the name question times out)', async () => {
    const phone = '+351913000007';
    await client.ingest(says(phone, 'Hi, solar'));
    await host.idle();
    const contactId = await contactOf(phone);
    const env = () => new MockActivityEnvironment({ activityId: '1' }, quiet);
    const ref = { tenantId, contactId };
    const first = await env().run(activities.processContact, ref);
    const timer = await withTenant(prisma, tenantId, (tx) =>
      tx.runTimer.findFirstOrThrow({ where: { contactId } }),
    );
    // The workflow's Temporal timer is set to the question's timeout, a day away.
    expect(first).toMatchObject({ active: true, nextDueAt: timer.dueAt.toISOString() });
    expect(await env().run(activities.fireTimers, ref)).toBe(0); // not due yet
    await withTenant(prisma, tenantId, (tx) =>
      tx.runTimer.update({ where: { id: timer.id }, data: { dueAt: new Date(Date.now() - 1000) } }),
    );
    expect(await env().run(activities.fireTimers, ref)).toBe(1);
    expect(await env().run(activities.fireTimers, ref)).toBe(0); // once, however often it is fired
    await client.wakeContact(tenantId, contactId);
    await host.idle();
    await withTenant(prisma, tenantId, async (tx) => {
      expect((await tx.runTimer.findUniqueOrThrow({ where: { id: timer.id } })).firedAt).not.toBeNull();
      const reminder = await tx.message.findMany({ where: { contactId, templateName: 'still_interested' } });
      expect(reminder).toHaveLength(1);
    });
    const after: ProcessResult = await env().run(activities.processContact, ref);
    expect(after.nextDueAt).not.toBe(timer.dueAt.toISOString());
  });

  it("paces sends to the number's 80 messages/s (a bucket shared by every worker)", async () => {
    const phone = '+351913000006';
    const taken: string[] = [];
    let refusals = 1;
    const paced = createContactActivities({
      prisma,
      providers: () => sandbox,
      clock: systemClock,
      handlers: {},
      wake: async () => undefined,
      // The number's bucket is empty once (wait 30 ms), then has room.
      channelRate: {
        take: async (channelId, key) => {
          taken.push(`rate:${key}`);
          return refusals-- > 0 ? 30 : 0;
        },
      },
      pacer: {
        take: async (_channelId, recipient) => {
          taken.push(`pair:${recipient}`);
          return 0;
        },
      },
    });
    const pacedHost = new InProcessHost(paced, { sendBatch: SEND_ATTEMPTS });
    const pacedClient = new TemporalEngineClient(prisma, pacedHost, 'leadline', systemClock);
    await pacedClient.ingest(says(phone, 'Hi, solar'));
    await pacedHost.idle();
    expect(pacedHost.errors).toEqual([]);
    expect(texts(phone)).toHaveLength(2);
    // Two messages: the number's bucket is asked for each (once more after its refusal). The pair
    // pacer goes to the embedded sendMessages, which exempts the sandbox provider (as on that engine).
    expect(taken.filter((t) => t === 'rate:*')).toHaveLength(3);
    expect(taken.filter((t) => t.startsWith('pair:'))).toHaveLength(0);
  });

  it('ends the workflow with a non-retryable "contact erased" once the contact is gone', async () => {
    const phone = '+351913000005';
    await client.ingest(says(phone, 'Hi, solar'));
    await host.idle();
    const contactId = await contactOf(phone);
    await withTenant(prisma, tenantId, (tx) => tx.contact.delete({ where: { id: contactId } }));
    const failure = await new MockActivityEnvironment({ activityId: '1' }, quiet)
      .run(activities.processContact, { tenantId, contactId })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ type: NON_RETRYABLE.contactErased, nonRetryable: true });
    await client.wakeContact(tenantId, contactId);
    await host.idle();
    expect(host.ended(contactWorkflowId(tenantId, contactId))).toBe('erased');
  });
});
