import { parseScript, ScriptError, simulate, validateFlow } from '@leadline/flow-core';
import { CliError, type CommandIo } from '../cli-error';
import { formatDiagnostics } from '../format/diagnostics-text';
import { formatTranscript } from '../format/transcript-text';
import { readJsonFile } from '../read-json';

/** `simulate <flow.json> --script <script.json> [--json]`: 0 ran, 1 invalid flow, 2 bad arguments or script. */
export async function simulateCommand(
  files: string[],
  options: { json: boolean; script?: string },
  io: CommandIo,
): Promise<number> {
  if (files.length !== 1 || !options.script) {
    throw new CliError('usage: simulate <flow.json> --script <script.json> [--json]');
  }
  const [file] = files;
  const flowInput = await readJsonFile(file, 'flow');
  const scriptInput = await readJsonFile(options.script, 'script');
  const validation = validateFlow(flowInput);
  if (!validation.ok || !validation.flow) {
    if (options.json) io.out(JSON.stringify({ ok: false, diagnostics: validation.diagnostics }, null, 2));
    else io.err(formatDiagnostics(file, validation.diagnostics));
    return 1;
  }
  try {
    const script = parseScript(scriptInput);
    const transcript = await simulate(validation.flow, script);
    io.out(
      options.json ? JSON.stringify(transcript, null, 2) : formatTranscript(transcript, script.contact.name),
    );
    return 0;
  } catch (error) {
    if (error instanceof ScriptError) throw new CliError(`${options.script}: ${error.message}`);
    throw error;
  }
}
