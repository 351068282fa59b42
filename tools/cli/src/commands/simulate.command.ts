import { parseScript, ScriptError, simulateWithErrors, validateFlow } from '@leadline/flow-core';
import { CliError, type CommandIo } from '../cli-error';
import { formatDiagnostics } from '../format/diagnostics-text';
import { formatTranscript } from '../format/transcript-text';
import { readJsonFile } from '../read-json';
import type { AdminOptions } from './admin-context';
import { cliActivityRegistry, simulatedActivities } from './cli-activities';

/**
 * `simulate <flow.json> --script <script.json> [--json]`: 0 ran, 1 invalid flow, 2 bad arguments or
 * script. Custom activities are checked against the registered ones (name, input, scripted output);
 * every step that left by its error port is listed (`errors` in --json), since an error edge hides
 * it from the transcript.
 */
export async function simulateCommand(
  files: string[],
  options: { json: boolean; script?: string },
  io: CommandIo,
  admin: AdminOptions = {},
): Promise<number> {
  if (files.length !== 1 || !options.script) {
    throw new CliError('usage: simulate <flow.json> --script <script.json> [--json]');
  }
  const [file] = files;
  const flowInput = await readJsonFile(file, 'flow');
  const scriptInput = await readJsonFile(options.script, 'script');
  const registry = await cliActivityRegistry(admin);
  const validation = validateFlow(flowInput, { activities: registry.names() });
  if (!validation.ok || !validation.flow) {
    if (options.json) io.out(JSON.stringify({ ok: false, diagnostics: validation.diagnostics }, null, 2));
    else io.err(formatDiagnostics(file, validation.diagnostics));
    return 1;
  }
  try {
    const script = parseScript(scriptInput);
    const { transcript, errors } = await simulateWithErrors(
      validation.flow,
      script,
      await simulatedActivities(registry),
    );
    io.out(
      options.json
        ? JSON.stringify(errors.length ? { ...transcript, errors } : transcript, null, 2)
        : formatTranscript(transcript, script.contact.name, errors),
    );
    return 0;
  } catch (error) {
    if (error instanceof ScriptError) throw new CliError(`${options.script}: ${error.message}`);
    throw error;
  }
}
