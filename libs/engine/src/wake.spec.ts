import type { EngineJob, JobQueue } from './engine-ports';
import { contactJobSchema, MAX_CONTACTS_PER_WAKE } from './job-schemas';
import { contactsOf, wakeContact, wakeContactList, wakeContacts } from './wake';

/** A queue that records what was added, and how (one call per add / per addBulk). */
function recordingQueue() {
  const calls: Array<{ method: 'add' | 'addBulk'; jobs: EngineJob[] }> = [];
  const queue: JobQueue = {
    add: async (job) => void calls.push({ method: 'add', jobs: [job] }),
    addBulk: async (jobs) => void calls.push({ method: 'addBulk', jobs: [...jobs] }),
    oldestWaitingSince: async () => undefined,
  };
  return { queue, calls };
}

/** A queue whose Redis never answers. */
function silentQueue(): JobQueue {
  return {
    add: () => new Promise(() => undefined),
    addBulk: () => new Promise(() => undefined),
    oldestWaitingSince: async () => undefined,
  };
}

describe('wakeContact', () => {
  it('adds one contacts job per wake, with a job id BullMQ accepts', async () => {
    const { queue, calls } = recordingQueue();
    await wakeContact(queue)('tenant-1', 'contact:1');
    await wakeContact(queue)('tenant-1', 'contact:1');
    const added = calls.flatMap((call) => call.jobs);
    expect(added).toHaveLength(2);
    expect(added[0]).toMatchObject({
      queue: 'contacts',
      data: { tenantId: 'tenant-1', contactId: 'contact:1' },
    });
    expect(added[0].id).not.toContain(':');
    expect(added[0].id).not.toBe(added[1].id);
  });

  it('gives up after its timeout when Redis does not answer, so a webhook is never held up', async () => {
    const never = silentQueue();
    await expect(wakeContact(never, 50)('t', 'c')).rejects.toThrow('Redis did not answer within 50 ms');
    await expect(wakeContacts(never, 50)([{ tenantId: 't', contactId: 'c' }])).rejects.toThrow(
      'Redis did not answer within 50 ms',
    );
  });
});

describe('wakeContacts (one ingest batch)', () => {
  it('adds one job per distinct contact in ONE addBulk, each with its own id as wakeContact', async () => {
    const { queue, calls } = recordingQueue();
    await wakeContacts(queue)([
      { tenantId: 't1', contactId: 'c1' },
      { tenantId: 't1', contactId: 'c2' },
      { tenantId: 't1', contactId: 'c1' },
      { tenantId: 't2', contactId: 'c3' },
    ]);
    expect(calls.map((call) => call.method)).toEqual(['addBulk']);
    const jobs = calls[0].jobs;
    expect(jobs.map((job) => job.data)).toEqual([
      { tenantId: 't1', contactId: 'c1' },
      { tenantId: 't1', contactId: 'c2' },
      { tenantId: 't2', contactId: 'c3' },
    ]);
    expect(jobs.every((job) => job.queue === 'contacts' && job.id.startsWith('contact.'))).toBe(true);
    expect(new Set(jobs.map((job) => job.id)).size).toBe(3);

    // A later batch with the same contact adds a new job id (a finished job never swallows a wake);
    // whether it is skipped is Redis's to say, by the contact's key (wake-dedupe.int-spec.ts).
    await wakeContacts(queue)([{ tenantId: 't1', contactId: 'c1' }]);
    expect(calls[1].jobs[0].id).not.toBe(jobs[0].id);
    expect(jobs.map((job) => job.queue === 'contacts' && job.onceWhileWaiting)).toEqual([
      'wake.c1',
      'wake.c2',
      'wake.c3',
    ]);
    expect(calls[1].jobs[0]).toMatchObject({ onceWhileWaiting: 'wake.c1' });
  });

  it('adds nothing for no contacts', async () => {
    const { queue, calls } = recordingQueue();
    await wakeContacts(queue)([]);
    expect(calls).toEqual([]);
  });
});

describe('wakeContactList (one ingest batch, one job)', () => {
  it('names every distinct contact of the batch in ONE job, without a deduplication key', async () => {
    const { queue, calls } = recordingQueue();
    await wakeContactList(queue)([
      { tenantId: 't1', contactId: 'c1' },
      { tenantId: 't1', contactId: 'c2' },
      { tenantId: 't1', contactId: 'c1' },
      { tenantId: 't2', contactId: 'c3' },
    ]);
    expect(calls.map((call) => call.method)).toEqual(['add']);
    const [job] = calls[0].jobs;
    expect(job).toEqual({
      queue: 'contacts',
      id: expect.stringMatching(/^contacts\.[0-9a-f-]{36}$/),
      data: {
        contacts: [
          { tenantId: 't1', contactId: 'c1' },
          { tenantId: 't1', contactId: 'c2' },
          { tenantId: 't2', contactId: 'c3' },
        ],
      },
    });
  });

  it("adds a list job the contacts worker's schema accepts, and the schema refuses a list naming a bad id", async () => {
    const { queue, calls } = recordingQueue();
    const tenantId = '00000000-0000-4000-8000-000000000001';
    const contacts = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'].map(
      (contactId) => ({ tenantId, contactId }),
    );
    await wakeContactList(queue)(contacts);
    const [job] = calls[0].jobs;
    expect(contactJobSchema.parse(job.data)).toEqual({ contacts });
    const forged = { contacts: [...contacts, { tenantId, contactId: 'not-a-contact' }] };
    expect(contactJobSchema.safeParse(forged).success).toBe(false);
  });

  it("keeps a lone contact's own job and its deduplication key", async () => {
    const { queue, calls } = recordingQueue();
    await wakeContactList(queue)([
      { tenantId: 't1', contactId: 'c1' },
      { tenantId: 't1', contactId: 'c1' },
    ]);
    expect(calls.flatMap((call) => call.jobs)).toEqual([
      expect.objectContaining({ data: { tenantId: 't1', contactId: 'c1' }, onceWhileWaiting: 'wake.c1' }),
    ]);
  });

  it('cuts a long batch into jobs of at most MAX_CONTACTS_PER_WAKE contacts, added in one addBulk', async () => {
    const { queue, calls } = recordingQueue();
    const contacts = Array.from({ length: MAX_CONTACTS_PER_WAKE * 2 + 1 }, (_, index) => ({
      tenantId: 't1',
      contactId: `c${index}`,
    }));
    await wakeContactList(queue)(contacts);
    expect(calls.map((call) => call.method)).toEqual(['addBulk']);
    const sizes = calls[0].jobs.map((job) => contactsOf(job.data as Parameters<typeof contactsOf>[0]).length);
    expect(sizes).toEqual([MAX_CONTACTS_PER_WAKE, MAX_CONTACTS_PER_WAKE, 1]);
    expect(calls[0].jobs.flatMap((job) => contactsOf(job.data as Parameters<typeof contactsOf>[0]))).toEqual(
      contacts,
    );
  });

  it('adds nothing for no contacts, and gives up after its timeout as wakeContacts', async () => {
    const { queue, calls } = recordingQueue();
    await wakeContactList(queue)([]);
    expect(calls).toEqual([]);
    const never = silentQueue();
    await expect(
      wakeContactList(
        never,
        50,
      )([
        { tenantId: 't', contactId: 'a' },
        { tenantId: 't', contactId: 'b' },
      ]),
    ).rejects.toThrow('Redis did not answer within 50 ms');
  });
});
