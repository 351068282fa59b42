import { inboxForwarder, type SignalWithStart } from './inbox-forwarder';

function recorder() {
  const calls: Array<Parameters<SignalWithStart['signalWithStart']>[1]> = [];
  const client: SignalWithStart = {
    async signalWithStart(_type, options) {
      calls.push(options);
    },
  };
  return { calls, client };
}

describe('inboxForwarder', () => {
  it('wakes the contact workflow with a signal that carries no event (the rows are read in order)', async () => {
    const { calls, client } = recorder();
    await inboxForwarder(undefined, client, 'q')('t1', 'c1');
    expect(calls).toEqual([
      {
        workflowId: 'contact-t1-c1',
        taskQueue: 'q',
        args: [{ tenantId: 't1', contactId: 'c1', logicVersion: 2 }],
        signal: 'contactWake',
        signalArgs: [{ reason: 'inbox' }],
      },
    ]);
  });

  it('sets the tenant and contact search attributes only when asked (they must be registered)', async () => {
    const { calls, client } = recorder();
    await inboxForwarder(undefined, client, 'q', { searchAttributes: true })('t1', 'c1', 'sweep');
    expect(calls[0]).toMatchObject({
      signalArgs: [{ reason: 'sweep' }],
      searchAttributes: { LeadlineTenantId: ['t1'], LeadlineContactId: ['c1'] },
    });
  });
});
