import { withTenant, type PrismaClient } from '@leadline/database';
import {
  CONTACT_EVENT_SIGNAL,
  CONTACT_WORKFLOW,
  contactWorkflowId,
  type ContactEventSignal,
  type ContactWorkflowInput,
} from '../workflows/contract';

/** The part of a Temporal client the forwarder uses (WorkflowClient in production, a fake in tests). */
export interface SignalWithStart {
  signalWithStart(
    workflowType: string,
    options: {
      workflowId: string;
      taskQueue: string;
      args: [ContactWorkflowInput];
      signal: string;
      signalArgs: [ContactEventSignal];
    },
  ): Promise<unknown>;
}

/** The inbox kinds the workflow handles; timers and activity results never enter the inbox here. */
const FORWARDED = ['inbound', 'status', 'lead', 'control'];
const BATCH = 100;

interface Row {
  id: bigint;
  kind: ContactEventSignal['kind'];
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Hands a contact's pending inbox events to its workflow (signal-with-start), oldest first, and
 * marks them processed in the same transaction. A signal that fails rolls the claim back: the row
 * stays pending and the next forward (or the sweep) sends it. Rows are claimed with SKIP LOCKED, so
 * two forwarders do not both send one; if they ever did, the workflow ignores an id it has seen.
 */
export function inboxForwarder(prisma: PrismaClient, client: SignalWithStart, taskQueue: string) {
  return async (tenantId: string, contactId: string): Promise<number> =>
    withTenant(
      prisma,
      tenantId,
      async (tx) => {
        const rows = await tx.$queryRaw<Row[]>`
          SELECT id, kind, payload, occurred_at FROM contact_events
          WHERE contact_id = ${contactId}::uuid AND processed_at IS NULL AND kind = ANY(${FORWARDED}::text[])
          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
        for (const row of rows) {
          await client.signalWithStart(CONTACT_WORKFLOW, {
            workflowId: contactWorkflowId(tenantId, contactId),
            taskQueue,
            args: [{ tenantId, contactId }],
            signal: CONTACT_EVENT_SIGNAL,
            signalArgs: [
              {
                id: String(row.id),
                kind: row.kind,
                payload: row.payload,
                occurredAt: row.occurred_at.toISOString(),
              },
            ],
          });
        }
        if (rows.length) {
          await tx.$executeRaw`UPDATE contact_events SET processed_at = now() WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
        }
        return rows.length;
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
}

/** Contacts whose inbox has events older than `olderThanMs` still pending (a forward that failed). */
export async function contactsWithPendingEvents(
  prisma: PrismaClient,
  olderThanMs: number,
): Promise<Array<{ tenantId: string; contactId: string }>> {
  const before = new Date(Date.now() - olderThanMs);
  const rows = await prisma.$queryRaw<Array<{ tenant_id: string; contact_id: string }>>`
    SELECT DISTINCT tenant_id, contact_id FROM contact_events
    WHERE processed_at IS NULL AND created_at < ${before} AND kind = ANY(${FORWARDED}::text[]) LIMIT 1000`;
  return rows.map((row) => ({ tenantId: row.tenant_id, contactId: row.contact_id }));
}
