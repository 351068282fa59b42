import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@leadline/database';

export interface SeededContact {
  tenantId: string;
  contactId: string;
  runIds: string[];
  messageIds: string[];
  /** An ai_usage row linked only to a run of the contact (no contact_id). */
  runOnlyAiUsageId: string;
  eventId: string;
}

export async function seedTenant(prisma: PrismaClient, name = 'Sunrise Solar') {
  const tenant = await prisma.tenant.create({
    data: { slug: `t-${randomUUID().slice(0, 8)}`, name },
  });
  const channel = await prisma.channel.create({
    data: {
      tenantId: tenant.id,
      provider: 'sandbox',
      phoneNumberId: `pn-${randomUUID()}`,
      displayPhone: '+441234567890',
      status: 'active',
    },
  });
  const flow = await prisma.flow.create({
    data: { tenantId: tenant.id, key: 'lead-capture', name: 'Lead capture', draft: {} },
  });
  const version = await prisma.flowVersion.create({
    data: { tenantId: tenant.id, flowId: flow.id, version: 1, definition: { nodes: [] } },
  });
  const subscription = await prisma.webhookSubscription.create({
    data: {
      tenantId: tenant.id,
      url: 'https://example.com/hook',
      events: ['run.completed'],
      sealedSecret: new Uint8Array([1, 2, 3]),
    },
  });
  return {
    tenantId: tenant.id,
    channelId: channel.id,
    flowId: flow.id,
    versionId: version.id,
    subscriptionId: subscription.id,
  };
}

/**
 * A contact with rows in every table that holds contact data: conversation, messages, two runs with
 * traces and timers, a document with its PDF, AI usage (one row linked only to a run), inbox events,
 * outbox entries (send, timer, activity), and an outbound event with a delivery and its attempt log.
 */
export async function seedContact(
  prisma: PrismaClient,
  tenant: Awaited<ReturnType<typeof seedTenant>>,
  phone: string,
  at: Date = new Date(),
): Promise<SeededContact> {
  const { tenantId, channelId, flowId, versionId, subscriptionId } = tenant;
  const contact = await prisma.contact.create({
    data: { tenantId, phone, name: 'Lucía Fernández', fields: { city: 'Sevilla' }, tags: ['solar'] },
  });
  const conversation = await prisma.conversation.create({
    data: { tenantId, contactId: contact.id, channelId, lastMessageAt: at },
  });
  const runIds: string[] = [];
  for (const status of ['completed', 'waiting'] as const) {
    const run = await prisma.flowRun.create({
      data: {
        tenantId,
        flowId,
        flowVersionId: versionId,
        contactId: contact.id,
        conversationId: conversation.id,
        status,
        vars: { answer: 'yes' },
      },
    });
    runIds.push(run.id);
    await prisma.runEvent.createMany({
      data: [1, 2].map((seq) => ({
        tenantId,
        runId: run.id,
        flowId,
        flowVersionId: versionId,
        seq,
        at,
        type: 'node.entered',
        nodeId: `n${seq}`,
      })),
    });
    await prisma.runTimer.create({
      data: {
        tenantId,
        runId: run.id,
        contactId: contact.id,
        timerId: `${run.id}:t1`,
        dueAt: new Date(at.getTime() + 3_600_000),
      },
    });
  }
  const messageIds: string[] = [];
  for (const [index, direction] of (['in', 'out', 'out'] as const).entries()) {
    const message = await prisma.message.create({
      data: {
        tenantId,
        conversationId: conversation.id,
        contactId: contact.id,
        channelId,
        direction,
        type: 'text',
        body: { text: `message ${index} for ${phone}` },
        status: direction === 'in' ? 'received' : index === 2 ? 'queued' : 'sent',
        runId: direction === 'out' ? runIds[1] : null,
        idempotencyKey: direction === 'out' ? `${runIds[1]}:s${index}` : null,
        createdAt: at,
      },
    });
    messageIds.push(message.id);
  }
  // A photo the contact sent (kept, sealed at rest) and a note the team left about them.
  await prisma.messageMedia.create({
    data: {
      tenantId,
      contactId: contact.id,
      messageId: messageIds[0],
      status: 'stored',
      kind: 'image',
      mimeType: 'image/jpeg',
      sizeBytes: 4,
      content: new Uint8Array(Buffer.from('sealed-photo')),
      storedAt: at,
    },
  });
  await prisma.conversationNote.create({
    data: { tenantId, conversationId: conversation.id, contactId: contact.id, body: 'Call after 5pm' },
  });
  await prisma.document.create({
    data: {
      tenantId,
      contactId: contact.id,
      runId: runIds[0],
      kind: 'quote',
      number: `Q-${randomUUID().slice(0, 8)}`,
      currency: 'EUR',
      totalMinor: 123_45n,
      content: new Uint8Array(Buffer.from('%PDF-1.7 fake')),
      filename: 'quote.pdf',
    },
  });
  await prisma.aiUsage.create({
    data: {
      tenantId,
      contactId: contact.id,
      runId: runIds[0],
      provider: 'openai',
      model: 'gpt',
      task: 'reply',
      outcome: 'ok',
      at,
    },
  });
  const runOnly = await prisma.aiUsage.create({
    data: {
      tenantId,
      runId: runIds[1],
      provider: 'openai',
      model: 'gpt',
      task: 'classify',
      outcome: 'ok',
      at,
    },
  });
  // A pipeline move (the stage itself is the workspace's, and stays) and an internal note.
  const stage = await prisma.pipelineStage.upsert({
    where: { tenantId_name: { tenantId, name: 'Qualified' } },
    create: { tenantId, name: 'Qualified', position: 0 },
    update: {},
  });
  await prisma.contact.update({ where: { id: contact.id }, data: { stageId: stage.id } });
  await prisma.contactStageChange.create({
    data: {
      tenantId,
      contactId: contact.id,
      toStageId: stage.id,
      toName: stage.name,
      source: 'flow',
      runId: runIds[0],
    },
  });
  await prisma.contactNote.create({ data: { tenantId, contactId: contact.id, body: 'Prefers mornings.' } });
  await prisma.notificationEvent.create({
    data: {
      tenantId,
      type: 'lead.captured',
      contactId: contact.id,
      conversationId: conversation.id,
      payload: { contactName: 'Ana' },
    },
  });
  await prisma.contactEvent.create({
    data: {
      tenantId,
      contactId: contact.id,
      kind: 'inbound',
      payload: { text: 'hello' },
      occurredAt: at,
      processedAt: at,
    },
  });
  await prisma.contactEvent.create({
    data: {
      tenantId,
      contactId: contact.id,
      kind: 'lead',
      payload: { flowKey: 'lead-capture' },
      occurredAt: at,
    },
  });
  await prisma.outboxEntry.createMany({
    data: [
      { tenantId, kind: 'send', payload: { channelId, messageIds: [messageIds[2]] } },
      {
        tenantId,
        kind: 'timer',
        payload: {
          contactId: contact.id,
          runId: runIds[1],
          timerId: `${runIds[1]}:t1`,
          dueAt: at.toISOString(),
        },
      },
      {
        tenantId,
        kind: 'activity',
        payload: {
          contactId: contact.id,
          runId: runIds[1],
          requestId: `${runIds[1]}:a1`,
          nodeId: 'ai',
          request: {},
        },
        publishedAt: at,
      },
    ],
  });
  const event = await prisma.outboundEvent.create({
    data: {
      tenantId,
      type: 'run.completed',
      contactId: contact.id,
      payload: { contact: { phone } },
      occurredAt: at,
    },
  });
  const delivery = await prisma.webhookDelivery.create({
    data: { tenantId, eventId: event.id, subscriptionId, status: 'delivered', attempts: 1 },
  });
  await prisma.webhookDeliveryAttempt.create({
    data: { tenantId, deliveryId: delivery.id, attempt: 1, statusCode: 200, durationMs: 12, at },
  });
  // The contact as the recipient of a campaign, its message sent and its reply starting a run.
  const campaign = await prisma.campaign.create({
    data: {
      tenantId,
      name: 'Spring offer',
      channelId,
      templateName: 'spring_offer',
      templateLanguage: 'en',
      audience: { tags: ['spring'] },
      status: 'completed',
    },
  });
  await prisma.campaignRecipient.create({
    data: {
      tenantId,
      campaignId: campaign.id,
      contactId: contact.id,
      state: 'queued',
      messageId: messageIds[2],
      queuedAt: at,
      repliedAt: at,
      runId: runIds[1],
    },
  });
  return {
    tenantId,
    contactId: contact.id,
    runIds,
    messageIds,
    runOnlyAiUsageId: runOnly.id,
    eventId: event.id,
  };
}
