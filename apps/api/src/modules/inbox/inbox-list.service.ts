import { Injectable } from '@nestjs/common';
import { Prisma, withTenant, type PrismaClient } from '@leadline/database';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '@leadline/bootstrap';
import { DEFAULT_LIMIT } from '../pagination/page';
import { encodeInboxCursor, type ListInbox } from './inbox.schema';
import { toInboxMessage, type InboxMessage } from './message-view';

export interface InboxConversation {
  id: string;
  status: 'open' | 'handoff' | 'closed';
  contact: { id: string; name: string | null; phone: string };
  assignee: { id: string; name: string } | null;
  /** A flow is running for the contact (not handed off): the bot is answering. */
  botActive: boolean;
  /** The contact's messages since the caller last opened the conversation. */
  unread: number;
  lastMessage: Pick<InboxMessage, 'direction' | 'from' | 'kind' | 'text' | 'status'> | null;
  lastActivityAt: string;
}

export interface InboxPage {
  data: InboxConversation[];
  nextCursor: string | null;
}

interface Row {
  id: string;
  status: 'open' | 'handoff' | 'closed';
  contact_id: string;
  contact_name: string | null;
  phone: string;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  bot_active: boolean;
  unread: number;
  activity_at: Date;
  cursor_at: string;
  last_id: string | null;
  last_direction: 'in' | 'out' | null;
  last_type: string | null;
  last_body: unknown;
  last_status: string | null;
  last_run_id: string | null;
}

/** `%`, `_` and `\` in what a person typed match themselves, not any text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const NO_USER = '00000000-0000-0000-0000-000000000000';

/** The inbox's conversation list: filters, search, unread counts per person, newest activity first. */
@Injectable()
export class InboxListService {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  async list(principal: Principal, query: ListInbox): Promise<InboxPage> {
    const userId = principal.userId ?? NO_USER;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const where: Prisma.Sql[] = [];
    const botActive = Prisma.sql`EXISTS (SELECT 1 FROM flow_runs fr WHERE fr.conversation_id = c.id AND fr.status IN ('running', 'waiting'))`;
    switch (query.filter ?? 'all') {
      case 'all':
        where.push(Prisma.sql`c.status <> 'closed'`);
        break;
      case 'mine':
        where.push(Prisma.sql`c.status <> 'closed' AND c.assigned_user_id = ${userId}::uuid`);
        break;
      case 'unassigned':
        where.push(Prisma.sql`c.status <> 'closed' AND c.assigned_user_id IS NULL`);
        break;
      case 'handoff':
        where.push(Prisma.sql`c.status = 'handoff'`);
        break;
      case 'bot':
        where.push(Prisma.sql`c.status = 'open'`, botActive);
        break;
      case 'closed':
        where.push(Prisma.sql`c.status = 'closed'`);
        break;
    }
    if (query.q) {
      const pattern = `%${escapeLike(query.q)}%`;
      where.push(Prisma.sql`(ct.name ILIKE ${pattern} ESCAPE '\\' OR ct.phone ILIKE ${pattern} ESCAPE '\\')`);
    }
    if (query.cursor) {
      where.push(
        Prisma.sql`(COALESCE(c.last_message_at, c.created_at), c.id) < (${query.cursor.at}::timestamptz, ${query.cursor.id}::uuid)`,
      );
    }
    const rows = await withTenant(
      this.prisma,
      principal.tenantId,
      (tx) =>
        tx.$queryRaw<Row[]>`
        SELECT c.id, c.status::text AS status, c.contact_id, ct.name AS contact_name, ct.phone,
               u.id AS assignee_id, u.name AS assignee_name, u.email AS assignee_email,
               ${botActive} AS bot_active,
               (SELECT count(*) FROM messages m
                 WHERE m.conversation_id = c.id AND m.direction = 'in'
                   AND m.created_at > COALESCE(r.read_at, '-infinity'::timestamptz))::int AS unread,
               COALESCE(c.last_message_at, c.created_at) AS activity_at,
               to_char(COALESCE(c.last_message_at, c.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
               last.id AS last_id, last.direction::text AS last_direction, last.type AS last_type,
               last.body AS last_body, last.status::text AS last_status, last.run_id AS last_run_id
        FROM conversations c
        JOIN contacts ct ON ct.id = c.contact_id
        LEFT JOIN users u ON u.id = c.assigned_user_id
        LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = ${userId}::uuid
        LEFT JOIN LATERAL (
          SELECT m.id, m.direction, m.type, m.body, m.status, m.run_id FROM messages m
          WHERE m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1
        ) last ON true
        WHERE ${Prisma.join(where, ' AND ')}
        ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC
        LIMIT ${limit + 1}`,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toConversation),
      nextCursor: rows.length > limit && last ? encodeInboxCursor({ at: last.cursor_at, id: last.id }) : null,
    };
  }
}

function toConversation(row: Row): InboxConversation {
  const last =
    row.last_id && row.last_direction
      ? toInboxMessage(
          {
            id: row.last_id,
            direction: row.last_direction,
            type: row.last_type ?? 'text',
            body: row.last_body,
            status: row.last_status ?? '',
            runId: row.last_run_id,
            errorCode: null,
            errorMessage: null,
            createdAt: row.activity_at,
            media: null,
          },
          new Map(),
        )
      : null;
  return {
    id: row.id,
    status: row.status,
    contact: { id: row.contact_id, name: row.contact_name, phone: row.phone },
    assignee: row.assignee_id
      ? { id: row.assignee_id, name: row.assignee_name ?? row.assignee_email ?? 'A teammate' }
      : null,
    botActive: row.bot_active,
    unread: row.unread,
    lastMessage: last
      ? { direction: last.direction, from: last.from, kind: last.kind, text: last.text, status: last.status }
      : null,
    lastActivityAt: row.activity_at.toISOString(),
  };
}
