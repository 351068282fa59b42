import { DeterminismViolationError } from '@temporalio/workflow';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { join } from 'node:path';
import { HistoryBuilder } from '../src/testing/history-builder';
import { CONTACT_EVENT_SIGNAL, CONTACT_WORKFLOW } from '../src/workflows/contract';
import { exampleFlow, inbound, INPUT, runStart } from './support/lead-capture';
import { bundle, replay } from './support/replay';

let changed: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  changed = await bundle(join(__dirname, 'fixtures/changed-workflow.ts'));
}, 60_000);

it('a deliberately changed workflow fails to replay a history of the real one (DeterminismViolationError)', async () => {
  const h = new HistoryBuilder({
    workflowType: CONTACT_WORKFLOW,
    taskQueue: 'leadline',
    startAt: '2026-01-05T09:00:00Z',
  });
  h.started([INPUT]).signaled(CONTACT_EVENT_SIGNAL, inbound('1', h.now, 'Hi, solar info please'));
  h.workflowTask();
  h.localActivity('routeInbound', { result: { adopt: [], start: runStart(exampleFlow('lead-capture')) } });
  h.activityCompleted(h.activityScheduled('applyTransition')).workflowTask();

  const failure = await replay(changed, h.toJSON()).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(DeterminismViolationError);
  expect(String((failure as Error).message)).toMatch(
    /routeInbound|Timer|LocalActivity|ScheduleActivity|StartTimer/,
  );
});
