// Issue 24 item 1: a change to flow-core (a message text, a stricter node schema) deployed while
// conversations run. Transitions are computed in the `processContact` activity, never in the
// workflow (workflow-bundle.spec.ts proves flow-core is not in the workflow bundle), so such a
// change reaches only the next processContact call: the contact gets the new text from its next
// event, what the workflow recorded (the activity's result) carries no text to diverge from, and a
// change the new code cannot apply fails the *activity* (retried, then the event set aside after 5
// strikes with its error), never the workflow task.
import { withTenant } from '@leadline/database';
import { MAX_EVENT_ATTEMPTS } from '@leadline/engine';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { ProcessResult } from '../src/workflows/contract';
import { createHarness, type Harness } from './support/harness';

/** What the "new release" of flow-core changes; off until a test deploys it. */
const mockRelease = { text: undefined as string | undefined, strictNode: undefined as string | undefined };

jest.mock('@leadline/flow-core', () => {
  const actual = jest.requireActual('@leadline/flow-core');
  return {
    ...actual,
    step: async (...args: unknown[]) => {
      const transition = await actual.step(...args);
      for (const effect of transition.effects) {
        if (effect.type !== 'send' || typeof effect.message.text !== 'string') continue;
        // The new release rejects this node's data (a stricter schema)...
        if (effect.nodeId === mockRelease.strictNode)
          throw new Error(`node "${effect.nodeId}": text must be at most 20 characters (stricter schema)`);
        // ...or words its messages differently.
        if (mockRelease.text) effect.message.text = `${mockRelease.text} ${effect.message.text}`;
      }
      return transition;
    },
  };
});

const quiet = { logger: new DefaultLogger('ERROR') };

describe('a flow-core change reaches only the next processContact activity (never the workflow)', () => {
  let h: Harness;
  const setAside: string[] = [];

  beforeAll(async () => {
    h = await createHarness({
      flows: ['lead-capture'],
      // Temporal retries processContact (unlimited); the strikes bound a poison event to 5 attempts.
      attempts: { processContact: 10 },
      deps: { onSetAside: (_error, eventId) => setAside.push(String(eventId)) },
    });
  });

  afterEach(() => {
    mockRelease.text = undefined;
    mockRelease.strictNode = undefined;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a changed message text: sent from the next event on; the recorded activity results carry no text', async () => {
    const phone = '+351916000001';
    await h.client.ingest(h.says(phone, 'Hi, solar'));
    await h.host.idle();
    const contactId = await h.contactOf(phone);
    // The new release is deployed while the contact is waiting at the name question.
    mockRelease.text = '[v2]';
    await h.client.ingest(h.says(phone, 'Ana Sousa'));
    await h.host.idle();
    expect(h.host.errors).toEqual([]);
    expect(h.texts(phone)).toEqual([
      'Hi! 👋 Thanks for contacting Sunrise Solar. Three quick questions and the right person will get back to you.',
      "First, what's your name?",
      '[v2] Nice to meet you, Ana Sousa! What are you interested in?',
    ]);
    // What a workflow history records of processContact: counts, outbox ids, a due time. No message
    // text, so a replay of a history recorded under either release schedules the same commands with
    // the same inputs (the replay gate checks both).
    const result: ProcessResult = await new MockActivityEnvironment({ activityId: '9' }, quiet).run(
      h.activities.processContact,
      { tenantId: h.tenantId, contactId },
    );
    const recorded = JSON.stringify(result);
    expect(recorded).not.toMatch(/Nice to meet you|interested|\[v2\]/);
    expect(Object.keys(result).sort()).toEqual(['active', 'applied', 'more', 'nextDueAt', 'sends', 'steps']);
  });

  it('a stricter node schema: the activity fails and retries, then the event is set aside with its error', async () => {
    const phone = '+351916000002';
    await h.client.ingest(h.says(phone, 'Hi, solar'));
    await h.host.idle();
    const contactId = await h.contactOf(phone);
    const before = h.host.calls.length;
    // The new release rejects the node the answer leads to.
    mockRelease.strictNode = 'ask_need';
    await h.client.ingest(h.says(phone, 'Ana Sousa'));
    await h.host.idle();
    expect(h.host.errors).toEqual([]);
    // Each strike was a failed processContact *activity* attempt (Temporal retries it with backoff;
    // the workflow task is never involved); the 5th set the event aside and completed.
    const attempts = h.host.calls.slice(before).filter((name) => name === 'processContact');
    expect(attempts.length).toBeGreaterThanOrEqual(MAX_EVENT_ATTEMPTS);
    expect(attempts.length).toBeLessThan(MAX_EVENT_ATTEMPTS + 3);
    await withTenant(h.prisma, h.tenantId, async (tx) => {
      const poison = await tx.contactEvent.findFirstOrThrow({
        where: { contactId, failedAt: { not: null } },
      });
      expect(poison).toMatchObject({ kind: 'inbound', attempts: MAX_EVENT_ATTEMPTS });
      expect(poison.lastError).toMatch(/stricter schema/);
      expect(setAside).toContain(String(poison.id));
      expect(await tx.contactEvent.count({ where: { contactId, processedAt: null } })).toBe(0);
      // The transition was rolled back: nothing was sent for it, the run still waits at the question.
      const run = await tx.flowRun.findFirstOrThrow({ where: { contactId } });
      expect(run).toMatchObject({ status: 'waiting', currentNode: 'ask_name' });
    });
    expect(h.texts(phone)).toHaveLength(2);
    // The contact is not stuck: once the release is fixed, its next message is applied.
    mockRelease.strictNode = undefined;
    await h.client.ingest(h.says(phone, 'Ana Sousa'));
    await h.host.idle();
    expect(h.texts(phone).at(-1)).toBe('Nice to meet you, Ana Sousa! What are you interested in?');
  });
});
