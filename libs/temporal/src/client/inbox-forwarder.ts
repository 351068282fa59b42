import type { PrismaClient } from '@leadline/database';
import {
  CONTACT_WAKE_SIGNAL,
  CONTACT_WORKFLOW,
  contactWorkflowId,
  SEARCH_ATTRIBUTES,
  WORKFLOW_LOGIC_VERSION,
  type ContactWake,
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
      signalArgs: [ContactWake];
      searchAttributes?: Record<string, string[]>;
    },
  ): Promise<unknown>;
}

export interface ForwarderOptions {
  /**
   * Start workflows with the LeadlineTenantId/LeadlineContactId search attributes (they must be
   * registered in the namespace first: docs/engines.md). Off by default: an unregistered attribute
   * makes every start fail.
   */
  searchAttributes?: boolean;
}

/**
 * Wakes a contact's workflow (signal-with-start). The signal carries no event: the workflow's
 * processContact activity reads the contact's inbox and outbox from PostgreSQL, in order, and
 * marks each row applied in the transaction that applies it. So concurrent wakes cannot reorder
 * events, a wake delivered twice is harmless, and an event whose wake was lost is found by the next
 * wake or by the worker's sweep (contactsWithPendingWork).
 */
export function inboxForwarder(
  _prisma: PrismaClient | undefined,
  client: SignalWithStart,
  taskQueue: string,
  options: ForwarderOptions = {},
) {
  return async (
    tenantId: string,
    contactId: string,
    reason: ContactWake['reason'] = 'inbox',
  ): Promise<number> => {
    await client.signalWithStart(CONTACT_WORKFLOW, {
      workflowId: contactWorkflowId(tenantId, contactId),
      taskQueue,
      args: [{ tenantId, contactId, logicVersion: WORKFLOW_LOGIC_VERSION }],
      signal: CONTACT_WAKE_SIGNAL,
      signalArgs: [{ reason }],
      ...(options.searchAttributes
        ? {
            searchAttributes: {
              [SEARCH_ATTRIBUTES.tenant]: [tenantId],
              [SEARCH_ATTRIBUTES.contact]: [contactId],
            },
          }
        : {}),
    });
    return 1;
  };
}

/** How overdue a timer is before the sweep wakes its contact. */
const OVERDUE_TIMER_MS = 30_000;
/** A send batch already attempted is left to the workflow retrying it for this long before a wake. */
const BUSY_SEND_MS = 10 * 60_000;

/**
 * Contacts with work older than `olderThanMs` still pending: inbox events not applied (a wake that
 * was lost, or a workflow that ended before it saw them), sends or steps not carried out, and
 * overdue timers. The sweep wakes them; waking a contact twice costs one signal.
 */
export async function contactsWithPendingWork(
  prisma: PrismaClient,
  olderThanMs: number,
  limit = 1000,
): Promise<Array<{ tenantId: string; contactId: string }>> {
  const before = new Date(Date.now() - olderThanMs);
  // A workflow fires its timers when they fall due; one overdue by this much has no workflow to fire
  // it (a run the embedded engine timed before a switch, or a workflow that ended early).
  const timersBefore = new Date(Date.now() - Math.max(olderThanMs, OVERDUE_TIMER_MS));
  const busyBefore = new Date(Date.now() - Math.max(olderThanMs, BUSY_SEND_MS));
  const rows = await prisma.$queryRaw<Array<{ tenant_id: string; contact_id: string }>>`
    SELECT DISTINCT tenant_id, contact_id FROM (
      SELECT tenant_id, contact_id FROM contact_events
      WHERE processed_at IS NULL AND created_at < ${before}
      UNION
      SELECT o.tenant_id, m.contact_id FROM outbox o
        JOIN messages m ON m.id::text = o.payload->'messageIds'->>0
      WHERE o.published_at IS NULL AND o.kind = 'send' AND o.created_at < ${before}
        -- A batch a workflow is sending (retrying through an outage) is not woken every sweep.
        AND (m.send_attempted_at IS NULL OR o.created_at < ${busyBefore})
      UNION
      SELECT o.tenant_id, (o.payload->>'contactId')::uuid FROM outbox o
      WHERE o.published_at IS NULL AND o.kind = 'activity' AND o.created_at < ${before}
      UNION
      SELECT t.tenant_id, t.contact_id FROM run_timers t
      WHERE t.fired_at IS NULL AND t.cancelled_at IS NULL AND t.due_at < ${timersBefore}
        AND NOT EXISTS (SELECT 1 FROM contact_events e
                        WHERE e.tenant_id = t.tenant_id AND e.dedupe_key = 'timer.' || t.run_id || '.' || t.timer_id)
    ) pending LIMIT ${limit}`;
  return rows.map((row) => ({ tenantId: row.tenant_id, contactId: row.contact_id }));
}

/** The earlier name, kept for callers. */
export const contactsWithPendingEvents = contactsWithPendingWork;
