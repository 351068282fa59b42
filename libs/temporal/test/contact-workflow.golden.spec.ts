// The replay gate: golden histories recorded from a release (test/histories/*.json, kept in the
// repository) are replayed against this code's workflow bundle on every `npm test`. A history
// fails the gate when replay finds a nondeterminism (other commands, other order) *or* when the
// workflow schedules an activity with other input than the history recorded (Temporal's replay
// does not compare inputs; the recording interceptor does). See docs/engines.md for what to do
// when it fails.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { HistoryJson } from '../src/testing/history-builder';
import { GOLDEN } from './support/golden';
import { bundle, replay, type RecordedCommand } from './support/replay';

const DIR = join(__dirname, 'histories');

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

const files = readdirSync(DIR).filter((file) => file.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as HistoryJson;

let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  workflowBundle = await bundle();
}, 90_000);

if (process.env.RECORD_GOLDEN === '1') {
  // Records this release's histories: each must replay against this code before it is written.
  it('records the golden histories', async () => {
    for (const [name, build] of Object.entries(GOLDEN)) {
      const history = build();
      await gate(workflowBundle, history);
      writeFileSync(join(DIR, `v2-${name}.json`), `${JSON.stringify(history, null, 1)}\n`);
    }
  });
}

describe('replay gate: the golden histories replay against this workflow bundle', () => {
  it('has golden histories for every recorded conversation shape', () => {
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(GOLDEN).length);
  });

  it.each(files)('%s', async (file) => {
    await expect(gate(workflowBundle, read(file))).resolves.toBeUndefined();
  });

  it('fails on a history whose activity input differs (a changed workflow would send other data)', async () => {
    const history = read('v2-conversation.json');
    const event = history.events.find((e) => e.activityTaskScheduledEventAttributes) as Record<
      string,
      unknown
    >;
    const attrs = event.activityTaskScheduledEventAttributes as {
      input: { payloads: Array<{ data: string }> };
    };
    attrs.input.payloads[0].data = Buffer.from(
      JSON.stringify({ tenantId: 'another', contactId: 'another' }),
    ).toString('base64');
    await expect(gate(workflowBundle, history)).rejects.toThrow(/activity 1 diverges/);
  });

  it('fails on a history whose commands differ (DeterminismViolationError)', async () => {
    const history = read('v2-conversation.json');
    const event = history.events.find((e) => e.activityTaskScheduledEventAttributes) as Record<
      string,
      unknown
    >;
    (event.activityTaskScheduledEventAttributes as { activityType: { name: string } }).activityType.name =
      'applyTransition';
    await expect(gate(workflowBundle, history)).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
