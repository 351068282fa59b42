import { randomUUID } from 'node:crypto';
import { publishFlowVersion, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import type { ActivityJob } from '@leadline/engine';
import type { SecretBox } from '@leadline/secrets';
import { writeTenantSecret, type AiRequest } from '../../src';

export interface SeededTenant {
  tenantId: string;
  contactId: string;
  channelId: string;
  conversationId: string;
  runId: string;
}

/** A workspace with one contact in one conversation, and a waiting run of a flow with an AI step. */
export async function seedTenant(
  prisma: PrismaClient,
  options: { settings?: Prisma.InputJsonValue; secrets?: Record<string, string>; box?: SecretBox } = {},
): Promise<SeededTenant> {
  const tenant = await prisma.tenant.create({
    data: { slug: `ai-${randomUUID().slice(0, 8)}`, name: 'AI test', settings: options.settings ?? {} },
  });
  return withTenant(prisma, tenant.id, async (tx) => {
    const channel = await tx.channel.create({
      data: {
        tenantId: tenant.id,
        provider: 'sandbox',
        phoneNumberId: `sandbox-${randomUUID().slice(0, 8)}`,
        displayPhone: '+15550100000',
        status: 'active',
      },
    });
    const contact = await tx.contact.create({
      data: { tenantId: tenant.id, phone: '+351912345678', name: 'Ana', fields: { city: 'Porto' } },
    });
    const conversation = await tx.conversation.create({
      data: { tenantId: tenant.id, contactId: contact.id, channelId: channel.id },
    });
    const flow = await publishFlowVersion(tx, {
      tenantId: tenant.id,
      key: 'ai-faq',
      name: 'AI FAQ',
      definition: { format: 'leadline.flow/v1', id: 'ai-faq', nodes: [], edges: [] },
    });
    const run = await tx.flowRun.create({
      data: {
        tenantId: tenant.id,
        flowId: flow.flowId,
        flowVersionId: flow.versionId,
        contactId: contact.id,
        conversationId: conversation.id,
        status: 'waiting',
      },
    });
    for (const [name, value] of Object.entries(options.secrets ?? {})) {
      await writeTenantSecret(tx, options.box!, { tenantId: tenant.id, name, value });
    }
    return {
      tenantId: tenant.id,
      contactId: contact.id,
      channelId: channel.id,
      conversationId: conversation.id,
      runId: run.id,
    };
  });
}

let clock = Date.parse('2026-03-10T09:00:00Z');

/** Stores a message of the seeded conversation, each a second after the previous one. */
export async function addMessage(
  prisma: PrismaClient,
  seeded: SeededTenant,
  message: { direction: 'in' | 'out'; text: string; status?: 'sent' | 'failed' | 'received' },
): Promise<void> {
  clock += 1_000;
  await withTenant(prisma, seeded.tenantId, (tx) =>
    tx.message.create({
      data: {
        tenantId: seeded.tenantId,
        conversationId: seeded.conversationId,
        contactId: seeded.contactId,
        channelId: seeded.channelId,
        direction: message.direction,
        type: 'text',
        body: { type: 'text', text: message.text },
        status: message.status ?? (message.direction === 'in' ? 'received' : 'sent'),
        createdAt: new Date(clock),
      },
    }),
  );
}

/** The activity job the engine would queue for an AI step of the seeded run. */
export function aiJob(seeded: SeededTenant, request: Partial<AiRequest> & { text?: string }): ActivityJob {
  const { text, ...rest } = request;
  return {
    tenantId: seeded.tenantId,
    contactId: seeded.contactId,
    runId: seeded.runId,
    requestId: `${seeded.runId}:a${randomUUID().slice(0, 6)}`,
    nodeId: 'answer',
    request: {
      kind: 'ai',
      task: 'reply',
      instructions: 'Answer questions about Sunrise Solar: open 8:00-17:00 on weekdays.',
      input: {
        text: text ?? 'When are you open?',
        contact: { phone: '+351912345678', name: 'Ana', city: 'Porto', tags: [] },
        vars: {},
      },
      ...rest,
    },
  };
}
