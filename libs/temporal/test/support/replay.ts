import { join } from 'node:path';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { HistoryJson } from '../../src/testing/history-builder';

export const WORKFLOWS_PATH = join(__dirname, '../../src/workflows/index.ts');
const RECORDER = join(__dirname, 'recording-interceptors.ts');
/** webpack's own cache (it re-checks every file): a re-run bundles in about 3 s instead of 10-25 s. */
const CACHE = join(__dirname, '../../../../node_modules/.cache/leadline-temporal-bundles');

/** A command the workflow issued during replay: `activity` or `localActivity` with its type and input, or `timer` with its ms. */
export interface RecordedCommand {
  kind: 'activity' | 'localActivity' | 'timer' | 'continueAsNew' | 'state';
  name: string;
  detail: unknown;
}

let runtimeInstalled = false;

/** Keeps the SDK's own logging quiet in tests (warnings and errors only). */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed by an earlier test file in this Jest worker: keep that one.
  }
  runtimeInstalled = true;
}

/**
 * Bundles the workflows once per test file, with the recording interceptors (and any more
 * interceptor modules, e.g. the state probe).
 */
export async function bundle(
  workflowsPath: string = WORKFLOWS_PATH,
  moreInterceptors: string[] = [],
): Promise<WorkflowBundleWithSourceMap> {
  quietRuntime();
  return bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [RECORDER, ...moreInterceptors],
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => ({ ...config, cache: { type: 'filesystem', cacheDirectory: CACHE } }),
  });
}

/** Replays a history against the bundle; returns the commands the workflow issued, in order. */
export async function replay(
  workflowBundle: WorkflowBundleWithSourceMap,
  history: HistoryJson,
): Promise<RecordedCommand[]> {
  quietRuntime();
  const commands: RecordedCommand[] = [];
  await Worker.runReplayHistory(
    {
      workflowBundle,
      replayName: 'leadline-replay',
      sinks: {
        recorder: {
          command: {
            fn: (_info, kind: RecordedCommand['kind'], name: string, detail: unknown) => {
              commands.push({ kind, name, detail });
            },
            callDuringReplay: true,
          },
        },
      },
    },
    history,
    'contact-replay',
  );
  return commands;
}

/** `activity:applyTransition`, `timer:86400000`: a replay's decisions at a glance. */
export function names(commands: RecordedCommand[]): string[] {
  return commands.map((command) => `${command.kind}:${command.name}`);
}
