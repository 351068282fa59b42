// The replay gate's check, shared by the gate (contact-workflow.golden.spec.ts) and the proof that
// it fails on a changed workflow (contact-workflow.changed.spec.ts).
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { HistoryJson } from '../../src/testing/history-builder';
import { replay, type RecordedCommand } from './replay';

interface Scheduled {
  type: string;
  input: unknown;
}

/** The activities a history recorded as scheduled, with their decoded inputs, in order. */
export function scheduledIn(history: HistoryJson): Scheduled[] {
  return history.events.flatMap((event) => {
    const attrs = event.activityTaskScheduledEventAttributes as
      { activityType: { name: string }; input?: { payloads?: Array<{ data?: string }> } } | undefined;
    if (!attrs) return [];
    const data = attrs.input?.payloads?.[0]?.data;
    return [
      {
        type: attrs.activityType.name,
        input: data === undefined ? undefined : JSON.parse(Buffer.from(data, 'base64').toString('utf8')),
      },
    ];
  });
}

/** Replays one history; throws on nondeterminism or on an activity input that differs from the history's. */
export async function gate(workflowBundle: WorkflowBundleWithSourceMap, history: HistoryJson): Promise<void> {
  const commands = await replay(workflowBundle, history);
  const issued: Scheduled[] = commands
    .filter((command: RecordedCommand) => command.kind === 'activity')
    .map((command) => ({ type: command.name, input: command.detail }));
  const recorded = scheduledIn(history);
  const divergence = recorded.findIndex(
    (entry, i) =>
      JSON.stringify(entry) !== JSON.stringify(issued[i] ? JSON.parse(JSON.stringify(issued[i])) : null),
  );
  if (divergence >= 0 || issued.length < recorded.length) {
    const at = divergence >= 0 ? divergence : issued.length;
    throw new Error(
      `activity ${at + 1} diverges from the golden history: recorded ${JSON.stringify(recorded[at])}, ` +
        `the code scheduled ${JSON.stringify(issued[at] ?? null)}`,
    );
  }
}
