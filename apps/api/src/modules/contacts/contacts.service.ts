import { Injectable } from '@nestjs/common';
import { escapeLikePattern, isUuid, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '../database/prisma.module';
import { notFound } from '../errors/not-found';
import { validationError } from '../leads/zod-validation.pipe';
import { pageArgs, toPage, type Page } from '../pagination/page';
import { mergeFields, nextTags, type ListContacts, type UpdateContact } from './contacts.schema';

export const CONTACT_VIEW = {
  id: true,
  phone: true,
  name: true,
  fields: true,
  tags: true,
  optInState: true,
  optedInAt: true,
  optedOutAt: true,
  lastInboundAt: true,
  referral: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ContactSelect;

export type ContactView = Prisma.ContactGetPayload<{ select: typeof CONTACT_VIEW }>;

@Injectable()
export class ContactsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, query: ListContacts): Promise<Page<ContactView>> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.contact.findMany({
        where: {
          ...(query.tag ? { tags: { has: query.tag } } : {}),
          ...(query.optIn ? { optInState: query.optIn } : {}),
          ...(query.q
            ? {
                OR: [
                  // What people type is text, not a pattern: % and _ are matched literally.
                  { phone: { contains: escapeLikePattern(query.q.replace(/[\s\-().]/g, '')) } },
                  { name: { contains: escapeLikePattern(query.q), mode: 'insensitive' as const } },
                ],
              }
            : {}),
        },
        select: CONTACT_VIEW,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query);
    });
  }

  async get(principal: Principal, id: string): Promise<ContactView> {
    if (!isUuid(id)) throw notFound('contact', id);
    const contact = await withTenant(this.prisma, principal.tenantId, (tx) =>
      tx.contact.findUnique({ where: { id }, select: CONTACT_VIEW }),
    );
    if (!contact) throw notFound('contact', id);
    return contact;
  }

  /** Correcting a contact (name, tags, fields) is recorded in the audit log, by field name only. */
  async update(principal: Principal, id: string, update: UpdateContact): Promise<ContactView> {
    if (!isUuid(id)) throw notFound('contact', id);
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const [row] = await tx.$queryRaw<Array<{ fields: Record<string, unknown>; tags: string[] }>>`
        SELECT fields, tags FROM contacts WHERE id = ${id}::uuid FOR UPDATE`;
      if (!row) throw notFound('contact', id);
      const merged = update.fields ? mergeFields(row.fields ?? {}, update.fields) : { fields: undefined };
      if ('problem' in merged) throw validationError([merged.problem]);
      const tagsChange = update.tags || update.addTags || update.removeTags;
      const contact = await tx.contact.update({
        where: { id },
        data: {
          ...(update.name !== undefined ? { name: update.name } : {}),
          ...(tagsChange ? { tags: nextTags(row.tags, update) } : {}),
          ...(merged.fields ? { fields: merged.fields as Prisma.InputJsonObject } : {}),
        },
        select: CONTACT_VIEW,
      });
      await this.audit.record(tx, principal, {
        action: 'contact.updated',
        targetType: 'contact',
        targetId: id,
        data: {
          changed: Object.keys(update).filter((key) => update[key as keyof UpdateContact] !== undefined),
          ...(update.fields ? { fields: Object.keys(update.fields) } : {}),
        },
      });
      return contact;
    });
  }
}
