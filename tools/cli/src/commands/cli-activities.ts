// The custom activities the CLI checks flows against: the same list the API and the worker load
// (the built-ins plus LEADLINE_ACTIVITIES, from the environment or the repository's .env), so
// `validate`, `simulate` and `publish` refuse what the server would refuse.
import type { ActivityRegistry } from '@leadline/activity-sdk';
import type { ScriptedOutcome, SimulationOptions } from '@leadline/flow-core';
import { CliError } from '../cli-error';
import type { AdminOptions, EnvRecord } from './admin-context';

function activityModules(env: EnvRecord): string[] {
  return (env.LEADLINE_ACTIVITIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The registry of this deployment. Paths are relative to the working directory, as for the API and
 * the worker (the repository root with `npm run leadline`). A module that cannot be loaded is exit 2.
 */
export async function cliActivityRegistry(options: AdminOptions = {}): Promise<ActivityRegistry> {
  let env = options.env;
  if (!env) {
    const { loadDotEnv } = await import('@leadline/config');
    loadDotEnv();
    env = process.env;
  }
  const { loadActivityRegistry, ActivityDefinitionError } = await import('@leadline/activity-sdk');
  const { BUILT_IN_ACTIVITIES } = await import('@leadline/example-activities');
  try {
    return loadActivityRegistry({ builtIns: BUILT_IN_ACTIVITIES, modules: activityModules(env) });
  } catch (error) {
    if (error instanceof ActivityDefinitionError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * The simulator's check of a custom activity call, as the worker would run it: an unknown name is
 * UNKNOWN_ACTIVITY, bad input ACTIVITY_INPUT_INVALID, and a scripted output that does not match the
 * activity's output schema ACTIVITY_OUTPUT_INVALID.
 */
export async function simulatedActivities(registry: ActivityRegistry): Promise<SimulationOptions> {
  const { checkScriptedActivity } = await import('@leadline/activity-sdk');
  return {
    customActivity: ({ name, input }, scripted): ScriptedOutcome => {
      const definition = registry.get(name);
      if (!definition)
        return {
          ok: false,
          error: {
            code: 'UNKNOWN_ACTIVITY',
            message: `No custom activity named "${name}" is registered (it has: ${registry.names().join(', ')}).`,
          },
        };
      // The input is checked before the activity runs, whatever the script answers.
      const checked = checkScriptedActivity(
        definition,
        input,
        scripted.ok ? { output: scripted.output } : undefined,
      );
      if (!checked.ok) return { ok: false, error: { code: checked.code, message: checked.message } };
      return scripted.ok ? { ok: true, output: checked.output } : scripted;
    },
  };
}
