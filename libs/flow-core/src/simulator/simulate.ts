import type { Flow } from '../flow/flow.types';
import { parseDuration } from '../flow/duration';
import { ScriptError, Simulation, type SimulatedStepError, type SimulationOptions } from './simulation';
import { simulationScriptSchema, type SimulationScript } from './script.schema';
import type { Transcript } from './transcript';

export { ScriptError };

/** Checks a simulate script; throws ScriptError naming the step and field at fault. */
export function parseScript(input: unknown): SimulationScript {
  const parsed = simulationScriptSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the script';
  throw new ScriptError(`${where}: ${issue.message}`);
}

/** Runs a script against a (valid) flow and returns the transcript of the spec's §4. */
export async function simulate(flow: Flow, scriptInput: unknown): Promise<Transcript> {
  return (await simulateWithErrors(flow, scriptInput)).transcript;
}

/**
 * Like simulate, with every step that left by its `error` port (a missing scripted answer shows as
 * SIMULATOR_NO_ANSWER there even when an error edge hides it from the transcript).
 */
export async function simulateWithErrors(
  flow: Flow,
  scriptInput: unknown,
  options: SimulationOptions = {},
): Promise<{ transcript: Transcript; errors: SimulatedStepError[] }> {
  const script = parseScript(scriptInput);
  const simulation = new Simulation(flow, script.contact, script.startAt, options);
  for (const [index, scriptStep] of script.steps.entries()) {
    try {
      if ('user' in scriptStep) await simulation.user(scriptStep.user, scriptStep.referral);
      else if ('wait' in scriptStep) await simulation.advance(parseDuration(scriptStep.wait) ?? 0);
      else if ('lead' in scriptStep) await simulation.lead(scriptStep.lead);
      else simulation.setAnswers(scriptStep.set);
    } catch (error) {
      if (error instanceof ScriptError) throw new ScriptError(`steps.${index}: ${error.message}`);
      throw error;
    }
  }
  return { transcript: simulation.transcript(), errors: [...simulation.errors] };
}
