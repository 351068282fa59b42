import type { BullMqJobQueue } from '../../src/bullmq-job-queue';
import type { EngineJob } from '../../src/engine-ports';

/**
 * The contacts jobs added through an engine's queue, by contact (a list job counts for each contact it
 * names). Finished contacts jobs are deleted as they complete (ENGINE_QUEUES, issue 21's tenth
 * round), so a test that counts the jobs a contact got counts them as they are added, not in the queue.
 * It counts add attempts: a wake BullMQ deduplicated (its key's job still waiting) counts too,
 * though no job was added; assert on it with that in mind (at most, not exactly, when wakes race).
 */
export function recordContactJobs(queue: BullMqJobQueue): { forContact(contactId: string): number } {
  const added: EngineJob[] = [];
  const add = queue.add.bind(queue);
  const addBulk = queue.addBulk.bind(queue);
  jest.spyOn(queue, 'add').mockImplementation(async (job) => {
    added.push(job);
    await add(job);
  });
  jest.spyOn(queue, 'addBulk').mockImplementation(async (jobs) => {
    added.push(...jobs);
    await addBulk(jobs);
  });
  const names = (job: EngineJob, contactId: string) =>
    job.queue === 'contacts' &&
    ('contacts' in job.data
      ? job.data.contacts.some((contact) => contact.contactId === contactId)
      : job.data.contactId === contactId);
  return { forContact: (contactId) => added.filter((job) => names(job, contactId)).length };
}
