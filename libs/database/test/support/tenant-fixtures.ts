import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src';

export interface TenantRows {
  tenantId: string;
  channelId: string;
  contactId: string;
  conversationId: string;
  messageId: string;
  flowId: string;
  versionId: string;
  runId: string;
}

/** One tenant with a row in each table the isolation tests look at, written with the system client. */
export async function seedTenant(prisma: PrismaClient, label: string): Promise<TenantRows> {
  const unique = randomUUID().slice(0, 8);
  const tenant = await prisma.tenant.create({
    data: { slug: `${label}-${unique}`, name: `Tenant ${label}` },
  });
  const tenantId = tenant.id;
  const channel = await prisma.channel.create({
    data: { tenantId, provider: 'sandbox', phoneNumberId: `pn-${unique}`, displayPhone: '+447700900000' },
  });
  const contact = await prisma.contact.create({
    data: { tenantId, phone: '+447700900123', name: `Contact ${label}` },
  });
  const conversation = await prisma.conversation.create({
    data: { tenantId, contactId: contact.id, channelId: channel.id },
  });
  const flow = await prisma.flow.create({
    data: { tenantId, key: 'lead-capture', name: `Flow ${label}`, draft: { nodes: [] } },
  });
  const version = await prisma.flowVersion.create({
    data: { tenantId, flowId: flow.id, version: 1, definition: { nodes: [] } },
  });
  const run = await prisma.flowRun.create({
    data: { tenantId, flowId: flow.id, flowVersionId: version.id, contactId: contact.id, status: 'waiting' },
  });
  const message = await prisma.message.create({
    data: {
      tenantId,
      conversationId: conversation.id,
      contactId: contact.id,
      channelId: channel.id,
      direction: 'in',
      type: 'text',
      body: { text: `hello from ${label}` },
      status: 'received',
      runId: run.id,
    },
  });
  return {
    tenantId,
    channelId: channel.id,
    contactId: contact.id,
    conversationId: conversation.id,
    messageId: message.id,
    flowId: flow.id,
    versionId: version.id,
    runId: run.id,
  };
}
