import { applyContactList } from './contact-list-job';

const contacts = Array.from({ length: 10 }, (_, index) => ({ tenantId: 't', contactId: `c${index}` }));

describe('applyContactList (a contacts job naming several contacts)', () => {
  it('applies every contact once, at most `concurrency` at a time', async () => {
    const applied: string[] = [];
    let running = 0;
    let most = 0;
    await applyContactList(
      contacts,
      async ({ contactId }) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        applied.push(contactId);
        running -= 1;
      },
      3,
    );
    expect([...applied].sort()).toEqual(contacts.map((c) => c.contactId).sort());
    expect(most).toBe(3);
  });

  it("tries every contact even when one fails, then throws that failure (the job retries)", async () => {
    const applied: string[] = [];
    const failure = new Error('database briefly away');
    await expect(
      applyContactList(
        contacts,
        async ({ contactId }) => {
          if (contactId === 'c2') throw failure;
          applied.push(contactId);
        },
        2,
      ),
    ).rejects.toBe(failure);
    expect(applied).toHaveLength(9);
  });
});
