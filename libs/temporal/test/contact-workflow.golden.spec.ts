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
import { gate } from './support/gate';
import { bundle } from './support/replay';

const DIR = join(__dirname, 'histories');

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
