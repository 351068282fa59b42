import { eraseContactExecutions, type ExecutionAdmin } from './erase-executions';

describe('eraseContactExecutions', () => {
  it('deletes the running execution by id and every listed run of the contact workflow', async () => {
    const deleted: string[] = [];
    const queries: string[] = [];
    const admin: ExecutionAdmin = {
      async *list(query) {
        queries.push(query);
        yield { workflowId: 'contact-t-c', runId: 'run-1' };
        yield { workflowId: 'contact-t-c', runId: 'run-2' };
      },
      async delete(workflowId, runId) {
        deleted.push(`${workflowId}/${runId ?? 'latest'}`);
      },
    };
    expect(await eraseContactExecutions(admin, 't', 'c')).toBe(2);
    expect(queries).toEqual(["WorkflowId = 'contact-t-c'"]);
    expect(deleted).toEqual(['contact-t-c/latest', 'contact-t-c/run-1', 'contact-t-c/run-2']);
  });

  it('lets a failure through, so the API logs that the executions are still there', async () => {
    const admin: ExecutionAdmin = {
      // eslint-disable-next-line require-yield
      async *list() {
        return;
      },
      async delete() {
        throw Object.assign(new Error('unavailable'), { code: 14 });
      },
    };
    await expect(eraseContactExecutions(admin, 't', 'c')).rejects.toThrow('unavailable');
  });
});
