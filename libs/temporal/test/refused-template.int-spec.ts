import { randomUUID } from 'node:crypto';
import {
  createPrismaClient,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { systemClock } from '@leadline/engine';
import type { OutboundMessage } from '@leadline/flow-core';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { ProviderError, SandboxProvider, type MessageEvent, type SendOptions } from '@leadline/whatsapp';
import { createContactActivities } from '../src/activities/contact-activities';
import { TemporalEngineClient } from '../src/client/temporal-engine-client';
import { InProcessHost } from './support/in-process-host';

/** Session messages come back outside the window (131047); templates go through the sandbox. */
class ClosedWindowSandbox extends SandboxProvider {
  override async send(to: string, message: OutboundMessage, options: SendOptions) {
    if (message.type !== 'template') {
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'window_closed' },
        code: 131047,
        httpStatus: 400,
        message: 'Re-engagement message',
      });
    }
    return super.send(to, message, options);
  }
}

const flow = {
  format: 'leadline.flow/v1',
  id: 'budget',
  name: 'Budget',
  nodes: [
    { id: 'start', type: 'trigger', data: { on: 'message' } },
    {
      id: 'ask',
      type: 'question',
      data: {
        text: 'Your budget?',
        save: 'budget',
        fallbackTemplate: { name: 'pending_offer', language: 'en' },
      },
    },
    { id: 'thanks', type: 'message', data: { text: 'Thanks' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'answered', target: 'thanks' },
  ],
};

describe('a refused fallback template fails the run (Temporal engine, offline harness)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let tenantId: string;
  const phoneNumberId = `sandbox-${randomUUID().slice(0, 8)}`;
  let host: InProcessHost;
  let client: TemporalEngineClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    const tenant = await prisma.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'T' } });
    tenantId = tenant.id;
    await withTenant(prisma, tenantId, async (tx) => {
      const channel = await tx.channel.create({
        data: {
          tenantId,
          provider: 'sandbox',
          phoneNumberId,
          displayPhone: '+15550100000',
          status: 'active',
        },
      });
      // The fallback exists but is still under review: the engine refuses it before the provider.
      await tx.template.create({
        data: {
          tenantId,
          channelId: channel.id,
          name: 'pending_offer',
          language: 'en',
          category: 'marketing',
          status: 'pending',
        },
      });
      await publishFlowVersion(tx, {
        tenantId,
        key: flow.id,
        name: flow.name,
        definition: flow as Prisma.InputJsonValue,
      });
    });
    let forward: (t: string, c: string) => Promise<void> = async () => undefined;
    const activities = createContactActivities({
      prisma,
      providers: () => new ClosedWindowSandbox(),
      clock: systemClock,
      handlers: {},
      wake: (t, c) => forward(t, c),
    });
    host = new InProcessHost(activities);
    client = new TemporalEngineClient(prisma, host, 'leadline', systemClock, (error) =>
      host.errors.push(error),
    );
    forward = async (t, c) => {
      // A refused send puts a "status" event in the inbox; the worker forwards it like the API does.
      await (
        client as unknown as { recorder: { wake: (t: string, c: string) => Promise<void> } }
      ).recorder.wake(t, c);
    };
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('reports the template refusal to the workflow, which fails the run with SEND_FAILED', async () => {
    const phone = '+351912399001';
    const event: MessageEvent = {
      kind: 'message',
      channel: { provider: 'sandbox', phoneNumberId },
      contact: { waId: phone.slice(1), phone, name: 'Ana' },
      message: {
        providerMessageId: `wamid.${randomUUID()}`,
        at: new Date().toISOString(),
        type: 'text',
        text: 'hi',
      },
    };
    expect(await client.ingest(event)).toMatchObject({ outcome: 'accepted' });
    await host.idle();
    expect(host.errors).toEqual([]);
    await withTenant(prisma, tenantId, async (tx) => {
      const run = await tx.flowRun.findFirstOrThrow({ where: { contact: { phone } } });
      expect(run).toMatchObject({ engine: 'temporal', status: 'failed' });
      expect(run.error).toMatchObject({ code: 'SEND_FAILED', nodeId: 'ask' });
      const messages = await tx.message.findMany({
        where: { contact: { phone }, direction: 'out' },
        orderBy: { createdAt: 'asc' },
        select: { status: true, errorCode: true },
      });
      expect(messages).toEqual([
        { status: 'failed', errorCode: '131047' },
        { status: 'failed', errorCode: 'TEMPLATE_NOT_APPROVED' },
      ]);
    });
  });
});
