// Issue 24 item 2: the `contactState` query answers what the contact's workflow waits for. Replayed
// against the real workflow bundle with a probe that calls the registered query handler at each
// command (no server here to send a query: see support/state-probe-interceptors.ts).
import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { HistoryJson } from '../src/testing/history-builder';
import { WORKFLOW_LOGIC_VERSION, type ContactWorkflowStatus } from '../src/workflows/contract';
import { GOLDEN, REF } from './support/golden';
import { bundle, replay, WORKFLOWS_PATH } from './support/replay';

let probed: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  probed = await bundle(WORKFLOWS_PATH, [join(__dirname, 'support/state-probe-interceptors.ts')]);
}, 90_000);

/** The query's answers, by the command the workflow was about to issue. */
async function answers(history: HistoryJson): Promise<Array<[string, ContactWorkflowStatus]>> {
  const commands = await replay(probed, history);
  return commands
    .filter((command) => command.kind === 'state')
    .map((command) => [command.name, command.detail as ContactWorkflowStatus]);
}

/** The processContact results a history recorded, decoded. */
function results(history: HistoryJson): Array<Record<string, unknown>> {
  return history.events.flatMap((event) => {
    const attrs = event.activityTaskCompletedEventAttributes as
      { result?: { payloads?: Array<{ data?: string }> } } | undefined;
    const data = attrs?.result?.payloads?.[0]?.data;
    return data ? [JSON.parse(Buffer.from(data, 'base64').toString('utf8'))] : [];
  });
}

describe('the contactState query', () => {
  it('before the first processContact: nothing known yet, the wake taken', async () => {
    const [[at, state]] = await answers(GOLDEN.conversation());
    expect(at).toBe('activity:processContact');
    expect(state).toEqual({
      ...REF,
      logicVersion: WORKFLOW_LOGIC_VERSION,
      nextDueAt: null,
      active: false,
      stepsInFlight: [],
      wakesPending: false,
      lastProcessedAt: null,
    });
  });

  it('while it sleeps on a timer: the run is going and the timer is due at the time processContact reported', async () => {
    const history = GOLDEN.timer();
    const due = results(history).find((result) => typeof result.nextDueAt === 'string')?.nextDueAt;
    expect(due).toEqual(expect.any(String));
    const sleeping = (await answers(history)).find(([at]) => at.startsWith('timer:'));
    expect(sleeping?.[0]).toBe('timer:3600000');
    expect(sleeping?.[1]).toEqual({
      ...REF,
      logicVersion: WORKFLOW_LOGIC_VERSION,
      nextDueAt: due,
      active: true,
      stepsInFlight: [],
      wakesPending: false,
      lastProcessedAt: expect.stringMatching(/^2026-01-05T09:/),
    });
  });

  it('while an AI/HTTP step runs beside the mailbox: the step is listed as in flight', async () => {
    const running = (await answers(GOLDEN.step())).find(([at]) => at === 'activity:runStep');
    expect(running?.[1]).toMatchObject({ active: true, stepsInFlight: ['7'], nextDueAt: null });
    // Once its result woke the workflow, processContact runs with no step in flight any more.
    const after = (await answers(GOLDEN.step())).filter(([at]) => at === 'activity:processContact');
    expect(after.at(-1)?.[1]).toMatchObject({ stepsInFlight: [] });
  });
});
