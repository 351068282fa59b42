import { contactWorkflowId } from '../workflows/contract';

/** What erasure needs from Temporal: list a workflow id's executions and delete one. */
export interface ExecutionAdmin {
  list(query: string): AsyncIterable<{ workflowId: string; runId: string }>;
  /** Terminates the execution if it is running, then deletes it with its history. */
  delete(workflowId: string, runId?: string): Promise<void>;
}

/**
 * Erasure reaches Temporal: every execution of the contact's workflow (the running one and the runs
 * it continued from, which keep their histories until the namespace's retention) is terminated and
 * deleted, so no personal data stays in state or history. The running one is deleted by id as well,
 * because the visibility store may not list it yet. Returns how many executions were deleted.
 */
export async function eraseContactExecutions(
  admin: ExecutionAdmin,
  tenantId: string,
  contactId: string,
): Promise<number> {
  const workflowId = contactWorkflowId(tenantId, contactId);
  let deleted = 0;
  await admin.delete(workflowId);
  for await (const execution of admin.list(`WorkflowId = '${workflowId}'`)) {
    await admin.delete(execution.workflowId, execution.runId);
    deleted += 1;
  }
  return deleted;
}

/** gRPC NOT_FOUND: nothing (left) to delete. */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 5;
}
