import { Prisma } from '../generated/prisma/client';
import type { TenantTransaction } from '../tenant-scope';

export const RUN_STATUSES = ['running', 'waiting', 'completed', 'handoff', 'failed', 'cancelled'] as const;
export type RunStatusName = (typeof RUN_STATUSES)[number];

/** A run as lists and details show it (the API's GET /api/runs and the CLI's `runs list`). */
export interface RunSummary {
  id: string;
  flowKey: string;
  flowVersion: number;
  contactId: string;
  contactPhone: string;
  status: RunStatusName;
  currentNode: string | null;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
  error: Prisma.JsonValue | null;
}

export interface RunEventView {
  seq: number;
  at: Date;
  type: string;
  nodeId: string | null;
  port: string | null;
  data: Prisma.JsonValue;
}

export interface RunMessageView {
  id: string;
  direction: string;
  type: string;
  status: string;
  body: Prisma.JsonValue;
  templateName: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
}

export interface RunDetail extends RunSummary {
  conversationId: string | null;
  vars: Prisma.JsonValue;
  /** The run's steps in order. */
  events: RunEventView[];
  /** What the run sent, and what the contact wrote in its conversation while the run was active. */
  messages: RunMessageView[];
}

export interface RunFilters {
  statuses?: readonly string[];
  flowKey?: string;
  contactId?: string;
  contactPhone?: string;
  runId?: string;
  /** Keyset pagination: only runs strictly older than this (started_at with microseconds, id). */
  before?: { startedAt: string; id: string };
}

/** Where the next page starts: the last run's start time to the microsecond and its id. */
export interface RunPosition {
  startedAt: string;
  id: string;
}

interface RunRow {
  id: string;
  flow_key: string;
  flow_version: number;
  contact_id: string;
  contact_phone: string;
  status: RunStatusName;
  current_node: string | null;
  started_at: Date;
  updated_at: Date;
  ended_at: Date | null;
  error: Prisma.JsonValue | null;
  conversation_id: string | null;
  vars: Prisma.JsonValue;
  started_at_text: string;
}

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

/**
 * One query with joins rather than Prisma includes: inside a transaction, Prisma loads each included
 * relation with a query of its own, concurrently on the one connection, which pg deprecates.
 */
function selectRuns(tx: TenantTransaction, filters: RunFilters, limit: number) {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.statuses?.length)
    where.push(Prisma.sql`r.status::text = ANY(${[...filters.statuses]}::text[])`);
  if (filters.flowKey) where.push(Prisma.sql`f.key = ${filters.flowKey}`);
  if (filters.contactId) where.push(Prisma.sql`r.contact_id = ${filters.contactId}::uuid`);
  if (filters.contactPhone) where.push(Prisma.sql`c.phone = ${filters.contactPhone}`);
  if (filters.runId) where.push(Prisma.sql`r.id = ${filters.runId}::uuid`);
  if (filters.before) {
    where.push(
      Prisma.sql`(r.started_at, r.id) < (${filters.before.startedAt}::timestamptz, ${filters.before.id}::uuid)`,
    );
  }
  return tx.$queryRaw<RunRow[]>`
    SELECT r.id, f.key AS flow_key, v.version AS flow_version, r.contact_id, c.phone AS contact_phone,
           r.status::text AS status, r.current_node, r.started_at, r.updated_at, r.ended_at, r.error,
           r.conversation_id, r.vars,
           to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS started_at_text
      FROM flow_runs r
      JOIN flows f ON f.id = r.flow_id
      JOIN flow_versions v ON v.id = r.flow_version_id
      JOIN contacts c ON c.id = r.contact_id
     WHERE ${Prisma.join(where, ' AND ')}
     ORDER BY r.started_at DESC, r.id DESC
     LIMIT ${limit}`;
}

/** The newest `limit` runs matching the filters (by start time, then id), and where the next page starts. */
export async function listRuns(
  tx: TenantTransaction,
  filters: RunFilters,
  limit: number,
): Promise<{ runs: RunSummary[]; next: RunPosition | null }> {
  const rows = await selectRuns(tx, filters, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    runs: page.map(summary),
    next: rows.length > limit && last ? { startedAt: last.started_at_text, id: last.id } : null,
  };
}

/** The run with its steps and messages, or undefined when the tenant has no such run. */
export async function loadRun(tx: TenantTransaction, runId: string): Promise<RunDetail | undefined> {
  const [run] = await selectRuns(tx, { runId }, 1);
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
    events: events.map(({ seq, at, type, nodeId, port, data }) => ({ seq, at, type, nodeId, port, data })),
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
}
