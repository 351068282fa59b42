// What the `runs` commands read, as the tenant (withTenant): the same shapes as GET /api/runs.
import type { Prisma, TenantTransaction } from '@leadline/database';

export const RUN_STATUSES = ['running', 'waiting', 'completed', 'handoff', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const ACTIVE_STATUSES: readonly RunStatus[] = ['running', 'waiting', 'handoff'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isRunId = (text: string) => UUID.test(text);

export interface RunSummary {
  id: string;
  flowKey: string;
  flowVersion: number;
  contactId: string;
  contactPhone: string;
  status: RunStatus;
  currentNode: string | null;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
  error: Prisma.JsonValue | null;
}

export interface RunDetail extends RunSummary {
  conversationId: string | null;
  vars: Prisma.JsonValue;
  events: Array<{
    seq: number;
    at: Date;
    type: string;
    nodeId: string | null;
    port: string | null;
    data: Prisma.JsonValue;
  }>;
  messages: Array<{
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
  }>;
}

interface RunRow {
  id: string;
  flow_key: string;
  flow_version: number;
  contact_id: string;
  contact_phone: string;
  status: RunStatus;
  current_node: string | null;
  started_at: Date;
  updated_at: Date;
  ended_at: Date | null;
  error: Prisma.JsonValue | null;
  conversation_id: string | null;
  vars: Prisma.JsonValue;
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

export interface RunFilters {
  statuses?: RunStatus[];
  flowKey?: string;
  runId?: string;
}

/**
 * Runs with their flow, version and contact in one query with joins: inside a transaction, Prisma
 * includes would load each relation with a concurrent query on the one connection, which pg deprecates.
 */
function selectRuns(tx: TenantTransaction, filters: RunFilters, limit: number) {
  return tx.$queryRaw<RunRow[]>`
    SELECT r.id, f.key AS flow_key, v.version AS flow_version, r.contact_id, c.phone AS contact_phone,
           r.status::text AS status, r.current_node, r.started_at, r.updated_at, r.ended_at, r.error,
           r.conversation_id, r.vars
      FROM flow_runs r
      JOIN flows f ON f.id = r.flow_id
      JOIN flow_versions v ON v.id = r.flow_version_id
      JOIN contacts c ON c.id = r.contact_id
     WHERE (${filters.statuses ?? null}::text[] IS NULL OR r.status::text = ANY(${filters.statuses ?? null}::text[]))
       AND (${filters.flowKey ?? null}::text IS NULL OR f.key = ${filters.flowKey ?? null})
       AND (${filters.runId ?? null}::uuid IS NULL OR r.id = ${filters.runId ?? null}::uuid)
     ORDER BY r.started_at DESC, r.id DESC
     LIMIT ${limit}`;
}

/** The newest `limit` runs matching the filters, and whether there are more. */
export async function listRuns(tx: TenantTransaction, filters: RunFilters, limit: number) {
  const rows = await selectRuns(tx, filters, limit + 1);
  return { runs: rows.slice(0, limit).map(summary), more: rows.length > limit };
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
