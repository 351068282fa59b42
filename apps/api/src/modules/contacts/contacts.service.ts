import { Injectable } from '@nestjs/common';
import { isUuid, Prisma, withTenant, type PrismaClient } from '@leadline/database';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { validationError } from '../leads/zod-validation.pipe';
import { DEFAULT_LIMIT, type Page } from '../pagination/page';
import { cursorAfter, encodeContactCursor } from './contact-cursor';
import { contactKeys } from './contact-keys';
import {
  mergeFields,
  nextTags,
  type AddNote,
  type ListContacts,
  type UpdateContact,
} from './contacts.schema';

export interface NoteView {
  id: string;
  body: string;
  /** The author's name or email; null when they were removed from the workspace or an API key wrote it. */
  author: string | null;
  createdAt: Date;
}

const NOTE_SELECT = {
  id: true,
  body: true,
  createdAt: true,
  author: { select: { name: true, email: true } },
} satisfies Prisma.ContactNoteSelect;

function noteView(row: Prisma.ContactNoteGetPayload<{ select: typeof NOTE_SELECT }>): NoteView {
  return {
    id: row.id,
    body: row.body,
    author: row.author ? (row.author.name ?? row.author.email) : null,
    createdAt: row.createdAt,
  };
}

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
  stage: { select: { id: true, name: true, color: true } },
} satisfies Prisma.ContactSelect;

export type ContactView = Prisma.ContactGetPayload<{ select: typeof CONTACT_VIEW }>;

@Injectable()
export class ContactsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  /**
   * One page of the contacts table: filtered, sorted, and continued from a keyset cursor (the last
   * row's exact sort value and id), so the 4,000th page costs what the first does. The page's keys
   * first (contact-keys.ts), then its rows by primary key, in the keys' order.
   */
  list(principal: Principal, query: ListContacts, now = new Date()): Promise<Page<ContactView>> {
    const sort = query.sort ?? 'created';
    const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
    const limit = query.limit ?? DEFAULT_LIMIT;
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const keys = await contactKeys(tx, principal.tenantId, { ...query, sort, order }, limit + 1, now);
      const page = keys.slice(0, limit);
      const rows = page.length
        ? await tx.contact.findMany({
            where: { tenantId: principal.tenantId, id: { in: page.map((key) => key.id) } },
            select: CONTACT_VIEW,
          })
        : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return {
        // A row erased between the two statements is left out; the cursor still names its key.
        data: page.flatMap((key) => byId.get(key.id) ?? []),
        nextCursor:
          keys.length > limit ? encodeContactCursor(cursorAfter(sort, order, page[page.length - 1])) : null,
      };
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

  /** The contact's internal notes, newest first (the last 100). */
  async notes(principal: Principal, contactId: string): Promise<NoteView[]> {
    if (!isUuid(contactId)) throw notFound('contact', contactId);
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { id: true } });
      if (!contact) throw notFound('contact', contactId);
      const rows = await tx.contactNote.findMany({
        where: { contactId },
        select: NOTE_SELECT,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 100,
      });
      return rows.map(noteView);
    });
  }

  async addNote(principal: Principal, contactId: string, note: AddNote): Promise<NoteView> {
    if (!isUuid(contactId)) throw notFound('contact', contactId);
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { id: true } });
      if (!contact) throw notFound('contact', contactId);
      const row = await tx.contactNote.create({
        data: {
          tenantId: principal.tenantId,
          contactId,
          authorUserId: principal.userId ?? null,
          body: note.body,
        },
        select: NOTE_SELECT,
      });
      // The audit log names the note, never its text.
      await this.audit.record(tx, principal, {
        action: 'contact.note_added',
        targetType: 'contact',
        targetId: contactId,
        data: { noteId: row.id },
      });
      return noteView(row);
    });
  }
}
