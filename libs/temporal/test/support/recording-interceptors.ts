// Test-only workflow interceptors: report each command the workflow issues (activity or local
// activity scheduled, timer started, continue-as-new) to a sink, so a replay test sees the workflow's
// decisions, including its last step, which a partial history cannot check on its own.
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface RecorderSinks extends Sinks {
  recorder: {
    command(
      kind: 'activity' | 'localActivity' | 'timer' | 'continueAsNew' | 'state',
      name: string,
      detail: unknown,
    ): void;
  };
}

const { recorder } = proxySinks<RecorderSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleActivity(input, next) {
        recorder.command('activity', input.activityType, input.args[0]);
        return next(input);
      },
      async scheduleLocalActivity(input, next) {
        recorder.command('localActivity', input.activityType, input.args[0]);
        return next(input);
      },
      async continueAsNew(input, next) {
        recorder.command('continueAsNew', 'contactWorkflow', input.args[0]);
        return next(input);
      },
      async startTimer(input, next) {
        recorder.command('timer', String(input.durationMs), undefined);
        return next(input);
      },
    },
  ],
});
