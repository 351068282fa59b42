import type { ActivityDefinition } from './define-activity';
import { describeIssues } from './input-problems';

export type ScriptedCheck = { ok: true; output: unknown } | { ok: false; code: string; message: string };

/**
 * What the worker would make of a simulated call: the input the flow built checked against the
 * activity's input schema, and the output a script answered against its output schema, with the
 * worker's own codes and messages (ACTIVITY_INPUT_INVALID, ACTIVITY_OUTPUT_INVALID). A script that
 * answers an output the real activity could never return fails here, not after publishing.
 */
export function checkScriptedActivity(
  definition: ActivityDefinition,
  input: unknown,
  /** The scripted answer; absent when the script failed the call (only the input is checked). */
  answer?: { output: unknown },
): ScriptedCheck {
  const parsedInput = definition.input.safeParse(input);
  if (!parsedInput.success) {
    return {
      ok: false,
      code: 'ACTIVITY_INPUT_INVALID',
      message: `The input of "${definition.name}" is not valid: ${describeIssues(parsedInput.error.issues)}`,
    };
  }
  if (!answer) return { ok: true, output: undefined };
  const parsedOutput = definition.output.safeParse(answer.output);
  if (!parsedOutput.success) {
    return {
      ok: false,
      code: 'ACTIVITY_OUTPUT_INVALID',
      message: `The scripted output of "${definition.name}" does not match its output schema: ${describeIssues(parsedOutput.error.issues)}`,
    };
  }
  return { ok: true, output: parsedOutput.data };
}
