// Test-only workflow interceptors: at each timer and activity the workflow schedules, ask the
// workflow's own `contactState` query handler what it would answer an operator now, and report the
// answer to the recorder sink (kind `state`). No server runs here to send a real query, so the
// replay test calls the registered handler the way the SDK does when a query arrives. It reads the
// handler from the SDK's activator (an internal module of @temporalio/workflow: test code only).
import { proxySinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { maybeGetActivator } from '@temporalio/workflow/lib/global-attributes';
import { CONTACT_STATE_QUERY } from '../../src/workflows/contract';
import type { RecorderSinks } from './recording-interceptors';

const { recorder } = proxySinks<RecorderSinks>();

function probe(at: string): void {
  const query = maybeGetActivator()?.queryHandlers.get(CONTACT_STATE_QUERY);
  recorder.command('state', at, query ? query.handler() : null);
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleActivity(input, next) {
        probe(`activity:${input.activityType}`);
        return next(input);
      },
      async startTimer(input, next) {
        probe(`timer:${input.durationMs}`);
        return next(input);
      },
    },
  ],
});
