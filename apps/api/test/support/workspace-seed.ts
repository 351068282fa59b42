// One workspace with a row of every resource the REST API serves, as the engine and the admin
// tools would have left them; and access tokens for each role.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { withTenant, type PrismaClient } from '@leadline/database';
import { AccessTokenService } from '../../src/modules/auth/access-token.service';
import { ROLES, type Role } from '../../src/modules/auth/role-permissions';
import { seedTenant, type SeededTenant } from './api-seed';
import { seedUser, type SeededUser } from './user-seed';

export interface Workspace {
  tenant: SeededTenant;
  users: Record<Role, SeededUser>;
  contactId: string;
  conversationId: string;
  messageId: string;
  templateId: string;
  documentId: string;
  channelId: string;
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n% a tiny stand-in\n%%EOF\n');

export async function seedWorkspace(prisma: PrismaClient): Promise<Workspace> {
  const tenant = await seedTenant(prisma);
  const users = {} as Record<Role, SeededUser>;
  for (const role of ROLES) users[role] = await seedUser(prisma, tenant.id, role);
  const ids = await withTenant(prisma, tenant.id, async (tx) => {
    const channelId = tenant.channelId!;
    const contact = await tx.contact.create({
      data: {
        tenantId: tenant.id,
        phone: `+4477009${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`,
        name: 'Ana',
        tags: ['vip', 'solar'],
        optInState: 'opted_in',
      },
    });
    await tx.contact.create({
      data: {
        tenantId: tenant.id,
        phone: `+4477008${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`,
        tags: ['solar'],
        optInState: 'opted_out',
      },
    });
    const conversation = await tx.conversation.create({
      data: { tenantId: tenant.id, contactId: contact.id, channelId, status: 'handoff' },
    });
    const message = await tx.message.create({
      data: {
        tenantId: tenant.id,
        conversationId: conversation.id,
        contactId: contact.id,
        channelId,
        direction: 'in',
        type: 'text',
        body: { text: 'hello' },
        status: 'received',
      },
    });
    const template = await tx.template.create({
      data: {
        tenantId: tenant.id,
        channelId,
        name: `welcome_${randomUUID().slice(0, 6)}`,
        language: 'en',
        category: 'utility',
        status: 'approved',
      },
    });
    const document = await tx.document.create({
      data: {
        tenantId: tenant.id,
        contactId: contact.id,
        kind: 'quote',
        number: `Q-2026-${randomUUID().slice(0, 4)}`,
        currency: 'GBP',
        totalMinor: 123456n,
        filename: 'quote.pdf',
        content: new Uint8Array(PDF_BYTES),
      },
    });
    await tx.aiUsage.create({
      data: {
        tenantId: tenant.id,
        provider: 'openai',
        model: 'gpt-4o-mini',
        task: 'classify',
        inputTokens: 10,
        outputTokens: 2,
        outcome: 'ok',
      },
    });
    return {
      channelId,
      contactId: contact.id,
      conversationId: conversation.id,
      messageId: message.id,
      templateId: template.id,
      documentId: document.id,
    };
  });
  return { tenant, users, ...ids };
}

/** An access token as POST /api/auth/login would give it, without the bcrypt round trip. */
export function tokenFor(app: INestApplication, workspace: Workspace, role: Role): string {
  return app
    .get(AccessTokenService)
    .sign({ userId: workspace.users[role].id, tenantId: workspace.tenant.id, role, sessionVersion: 0 });
}
