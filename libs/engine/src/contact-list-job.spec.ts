import { applyContactList, ContactSlots } from './contact-list-job';

const contacts = Array.from({ length: 10 }, (_, index) => ({ tenantId: 't', contactId: `c${index}` }));
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('ContactSlots', () => {
  it('runs at most `size` at once, across callers, and every one of them', async () => {
    const slots = new ContactSlots(3);
    let running = 0;
    let most = 0;
    const work = () =>
      slots.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await tick();
        running -= 1;
        return 'done';
      });
    const results = await Promise.all([
      ...Array.from({ length: 7 }, work),
      slots.run(async () => Promise.reject(new Error('x'))).catch(() => 'failed'),
      ...Array.from({ length: 4 }, work),
    ]);
    expect(results.filter((result) => result === 'done')).toHaveLength(11);
    expect(most).toBe(3);
    expect(running).toBe(0);
  });
});

describe('applyContactList (a contacts job naming several contacts)', () => {
  it('applies every contact once', async () => {
    const applied: string[] = [];
    await applyContactList(contacts, async ({ contactId }) => {
      await tick();
      applied.push(contactId);
    });
    expect([...applied].sort()).toEqual(contacts.map((c) => c.contactId).sort());
  });

  it('tries every contact even when one fails, then throws that failure (the job retries)', async () => {
    const applied: string[] = [];
    const failure = new Error('database briefly away');
    await expect(
      applyContactList(contacts, async ({ contactId }) => {
        await tick();
        if (contactId === 'c2') throw failure;
        applied.push(contactId);
      }),
    ).rejects.toBe(failure);
    expect(applied).toHaveLength(9);
  });
});
