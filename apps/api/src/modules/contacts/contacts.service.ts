import { Injectable } from '@nestjs/common';
import {
  escapeLikePattern,
  isUuid,
  Prisma,
  withTenant,
  type PrismaClient,
  type TenantTransaction,
} from '@leadline/database';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { validationError } from '../leads/zod-validation.pipe';
import { DEFAULT_LIMIT, type Page } from '../pagination/page';
import {
  activityOrderBy,
  afterActivityCursor,
  afterCursor,
  contactOrderBy,
  cursorAfter,
  encodeContactCursor,
  FROM_START,
  pageThrough,
  type SortOrder,
} from './contact-cursor';
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

const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_MESSAGE_WINDOW: Record<string, number> = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS };

/** The table's filters as a Prisma where: tag, opt-in, stage, last message, custom field, text. */
export function contactFilter(query: ListContacts, now: Date): Prisma.ContactWhereInput {
  return { AND: contactConditions(query, now) };
}

function contactConditions(query: ListContacts, now: Date): Prisma.ContactWhereInput[] {
  const where: Prisma.ContactWhereInput[] = [];
  if (query.tag) where.push({ tags: { has: query.tag } });
  if (query.optIn) where.push({ optInState: query.optIn });
  if (query.stage) where.push({ stageId: query.stage === 'none' ? null : query.stage });
  if (query.lastMessage === 'never') where.push({ lastInboundAt: null });
  else if (query.lastMessage === 'older')
    where.push({ lastInboundAt: { lt: new Date(now.getTime() - 30 * DAY_MS) } });
  else if (query.lastMessage) {
    where.push({ lastInboundAt: { gte: new Date(now.getTime() - LAST_MESSAGE_WINDOW[query.lastMessage]) } });
  }
  if (query.field) {
    where.push(
      query.value !== undefined
        ? { fields: { path: [query.field], equals: query.value } }
        : { NOT: { fields: { path: [query.field], equals: Prisma.AnyNull } } },
    );
  }
  if (query.q) {
    // What people type is text, not a pattern: % and _ are matched literally.
    const digits = escapeLikePattern(query.q.replace(/[\s\-().]/g, ''));
    where.push({
      OR: [
        ...(digits ? [{ phone: { contains: digits } }] : []),
        { name: { contains: escapeLikePattern(query.q), mode: 'insensitive' as const } },
      ],
    });
  }
  return where;
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
   * row's sort value and id), so the 4,000th page costs what the first does.
   */
  list(principal: Principal, query: ListContacts, now = new Date()): Promise<Page<ContactView>> {
    const sort = query.sort ?? 'created';
    const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
    const limit = query.limit ?? DEFAULT_LIMIT;
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows =
        sort === 'last_message'
          ? await this.byLastMessage(tx, query, order, limit + 1, now)
          : await pageThrough(
              query.cursor ? afterCursor(query.cursor) : FROM_START,
              limit + 1,
              (part, take, skip) =>
                tx.contact.findMany({
                  where: { AND: [contactFilter(query, now), ...(part ? [part] : [])] },
                  select: CONTACT_VIEW,
                  orderBy: contactOrderBy(sort, order),
                  take,
                  skip,
                }),
            );
      const data = rows.slice(0, limit);
      return {
        data,
        nextCursor:
          rows.length > limit && data.length
            ? encodeContactCursor(cursorAfter(sort, order, data, query.cursor))
            : null,
      };
    });
  }

  /**
   * A page in "last message" order: a scan of contact_activity's index (the sort key's copy, one row
   * per contact; see contact-cursor.ts), the filters applied to each row's contact; then the page's
   * contacts by primary key. The filters join only when there are some, so the plain sort stays a
   * scan of the index that stops after the page.
   */
  private async byLastMessage(
    tx: TenantTransaction,
    query: ListContacts,
    order: SortOrder,
    take: number,
    now: Date,
  ): Promise<ContactView[]> {
    const conditions = contactConditions(query, now);
    const parts = query.cursor ? afterActivityCursor(query.cursor) : FROM_START;
    const rows = await pageThrough(parts, take, (part, rest, skip) =>
      tx.contactActivity.findMany({
        where: {
          AND: [...(conditions.length ? [{ contact: { AND: conditions } }] : []), ...(part ? [part] : [])],
        },
        select: { contact: { select: CONTACT_VIEW } },
        orderBy: activityOrderBy(order),
        take: rest,
        skip,
      }),
    );
    return rows.map((row) => row.contact);
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
