import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../src';

const CACHE = join(__dirname, '../../../node_modules/.cache/leadline-temporal-bundles');
const quiet = new DefaultLogger('ERROR');
const cached = (config: object) => ({ ...config, cache: { type: 'filesystem', cacheDirectory: CACHE } });

describe('bundleWorkflowCode', () => {
  it('bundles the workflows the worker loads (WORKFLOWS_PATH) for the sandbox', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: quiet,
      webpackConfigHook: cached as never,
    });
    expect(bundle.code).toContain('contactWorkflow');
    // Transitions are computed in activities: no flow-core (nor zod, jsonata, libphonenumber-js) in
    // the workflow, so a change to them cannot change or wedge a running conversation on replay.
    for (const dependency of [
      'libs/flow-core/src',
      'node_modules/jsonata',
      'libphonenumber-js',
      'node_modules/zod',
    ])
      expect(bundle.code).not.toContain(dependency);
    // The check can fail: flow-core's modules are named by path in a bundle that includes them.
    const withCore = await bundleWorkflowCode({
      workflowsPath: join(__dirname, 'fixtures/flow-core-workflow.ts'),
      logger: quiet,
      webpackConfigHook: cached as never,
    });
    expect(withCore.code).toContain('libs/flow-core/src');
  }, 60_000);

  it('refuses a workflow that imports a Node module (the check catches forbidden imports)', async () => {
    await expect(
      bundleWorkflowCode({
        workflowsPath: join(__dirname, 'fixtures/forbidden-import-workflow.ts'),
        logger: quiet,
        webpackConfigHook: cached as never,
      }),
    ).rejects.toThrow(/Webpack finished with errors/);
  }, 60_000);
});
