import type { EngineJob, JobQueue } from './engine-ports';
import { wakeContact } from './wake';

describe('wakeContact', () => {
  it('adds one contacts job per wake, with a job id BullMQ accepts', async () => {
    const added: EngineJob[] = [];
    const queue: JobQueue = {
      add: async (job) => void added.push(job),
      isQueued: async () => false,
      oldestWaitingSince: async () => undefined,
    };
    await wakeContact(queue)('tenant-1', 'contact:1');
    await wakeContact(queue)('tenant-1', 'contact:1');
    expect(added).toHaveLength(2);
    expect(added[0]).toMatchObject({
      queue: 'contacts',
      data: { tenantId: 'tenant-1', contactId: 'contact:1' },
    });
    expect(added[0].id).not.toContain(':');
    expect(added[0].id).not.toBe(added[1].id);
  });

  it('gives up after its timeout when Redis does not answer, so a webhook is never held up', async () => {
    const never: JobQueue = {
      add: () => new Promise(() => undefined),
      isQueued: async () => false,
      oldestWaitingSince: async () => undefined,
    };
    await expect(wakeContact(never, 50)('t', 'c')).rejects.toThrow('Redis did not answer within 50 ms');
  });
});
