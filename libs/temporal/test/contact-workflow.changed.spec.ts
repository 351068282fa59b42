import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { gate } from './support/gate';
import { bundle, replay } from './support/replay';

let changed: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  changed = await bundle(join(__dirname, 'fixtures/changed-workflow.ts'));
}, 90_000);

it('a deliberately changed workflow fails to replay a golden history of the real one (DeterminismViolationError)', async () => {
  const history = JSON.parse(readFileSync(join(__dirname, 'histories/v2-conversation.json'), 'utf8'));
  const failure = await replay(changed, history).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(DeterminismViolationError);
  expect(String((failure as Error).message)).toMatch(/Timer|ScheduleActivity|StartTimer|processContact/);
});

it.each(readdirSync(join(__dirname, 'histories')).filter((file) => file.endsWith('.json')))(
  'the replay gate fails the changed workflow on golden history %s',
  async (file) => {
    const history = JSON.parse(readFileSync(join(__dirname, 'histories', file), 'utf8'));
    await expect(gate(changed, history)).rejects.toBeInstanceOf(DeterminismViolationError);
  },
);
