import { Injectable } from '@nestjs/common';
import { isUuid, Prisma, withTenant, type PrismaClient } from '@leadline/database';
import { InjectPrisma } from '../database/prisma.module';
import { encodeRunCursor } from './run-cursor';
import type { RunDetail, RunPage, RunSummary } from './run-views';
import { DEFAULT_PAGE_SIZE, type ListRunsQuery } from './runs-request.schema';

interface RunRow {
  id: string;
  flow_key: string;
  flow_version: number;
  contact_id: string;
  contact_phone: string;
  status: string;
  current_node: string | null;
  started_at: Date;
  updated_at: Date;
  ended_at: Date | null;
  error: Prisma.JsonValue | null;
  conversation_id: string | null;
  vars: Prisma.JsonValue;
  /** started_at with its microseconds, for the cursor. */
  started_at_text: string;
}

/**
 * One query with joins rather than Prisma includes: inside a transaction, Prisma loads each included
 * relation with a query of its own, concurrently on the one connection, which pg deprecates.
 */
const SELECT_RUNS = Prisma.sql`
  SELECT r.id, f.key AS flow_key, v.version AS flow_version, r.contact_id, c.phone AS contact_phone,
         r.status::text AS status, r.current_node, r.started_at, r.updated_at, r.ended_at, r.error,
         r.conversation_id, r.vars,
         to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS started_at_text
    FROM flow_runs r
    JOIN flows f ON f.id = r.flow_id
    JOIN flow_versions v ON v.id = r.flow_version_id
    JOIN contacts c ON c.id = r.contact_id`;

function summary(row: RunRow): RunSummary {
  return {
    id: row.id,
    flowKey: row.flow_key,
    flowVersion: row.flow_version,
    contactId: row.contact_id,
    contactPhone: row.contact_phone,
    status: row.status,
    currentNode: row.current_node,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
    error: row.error,
  };
}

/** Reads runs of one tenant; row-level security (withTenant) makes other tenants' runs invisible. */
@Injectable()
export class RunsQueryService {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  /** Newest first, by (started_at, id) descending, so pages neither skip nor repeat runs. */
  async list(tenantId: string, query: ListRunsQuery): Promise<RunPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
    if (query.status) where.push(Prisma.sql`r.status::text = ANY(${query.status}::text[])`);
    if (query.flow) where.push(Prisma.sql`f.key = ${query.flow}`);
    if (query.contact && 'id' in query.contact) {
      where.push(Prisma.sql`r.contact_id = ${query.contact.id}::uuid`);
    }
    if (query.contact && 'phone' in query.contact) where.push(Prisma.sql`c.phone = ${query.contact.phone}`);
    if (query.cursor) {
      where.push(
        Prisma.sql`(r.started_at, r.id) < (${query.cursor.startedAt}::timestamptz, ${query.cursor.id}::uuid)`,
      );
    }
    const rows = await withTenant(
      this.prisma,
      tenantId,
      (tx) =>
        tx.$queryRaw<RunRow[]>`
        ${SELECT_RUNS}
         WHERE ${Prisma.join(where, ' AND ')}
         ORDER BY r.started_at DESC, r.id DESC
         LIMIT ${limit + 1}`,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map(summary),
      nextCursor:
        rows.length > limit && last
          ? encodeRunCursor({ startedAt: last.started_at_text, id: last.id })
          : null,
    };
  }

  async get(tenantId: string, runId: string): Promise<RunDetail | undefined> {
    if (!isUuid(runId)) return undefined;
    return withTenant(this.prisma, tenantId, async (tx) => {
      const [run] = await tx.$queryRaw<RunRow[]>`${SELECT_RUNS} WHERE r.id = ${runId}::uuid`;
      if (!run) return undefined;
      const events = await tx.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
      // Inbound messages carry no run id: the contact's replies in the run's conversation while it ran.
      const inbound: Prisma.MessageWhereInput[] = run.conversation_id
        ? [
            {
              conversationId: run.conversation_id,
              direction: 'in',
              createdAt: { gte: run.started_at, ...(run.ended_at ? { lte: run.ended_at } : {}) },
            },
          ]
        : [];
      const messages = await tx.message.findMany({
        where: { OR: [{ runId }, ...inbound] },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return {
        ...summary(run),
        conversationId: run.conversation_id,
        vars: run.vars,
        events: events.map((event) => ({
          seq: event.seq,
          at: event.at,
          type: event.type,
          nodeId: event.nodeId,
          port: event.port,
          data: event.data,
        })),
        messages: messages.map((message) => ({
          id: message.id,
          direction: message.direction,
          type: message.type,
          status: message.status,
          body: message.body,
          templateName: message.templateName,
          errorCode: message.errorCode,
          errorMessage: message.errorMessage,
          createdAt: message.createdAt,
          sentAt: message.sentAt,
          deliveredAt: message.deliveredAt,
          readAt: message.readAt,
          failedAt: message.failedAt,
        })),
      };
    });
  }
}
