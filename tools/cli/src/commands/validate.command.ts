import { validateFlow, type Diagnostic } from '@leadline/flow-core';
import { CliError, type CommandIo } from '../cli-error';
import { formatDiagnostics } from '../format/diagnostics-text';
import { readJsonFile } from '../read-json';
import type { AdminOptions } from './admin-context';
import { cliActivityRegistry } from './cli-activities';

/**
 * `validate <flow.json>... [--json]`: 0 when no file has an error, 1 when any has, 2 when unreadable.
 * Activity nodes are checked against the registered activities (UNKNOWN_ACTIVITY), like the API does.
 */
export async function validateCommand(
  files: string[],
  options: { json: boolean },
  io: CommandIo,
  admin: AdminOptions = {},
): Promise<number> {
  if (!files.length)
    throw new CliError('validate needs at least one flow file: validate <flow.json>... [--json]');
  const activities = (await cliActivityRegistry(admin)).names();
  const all: Array<Diagnostic & { file?: string }> = [];
  let unreadable = false;
  let failed = false;
  for (const file of files) {
    let input: unknown;
    try {
      input = await readJsonFile(file, 'flow');
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      unreadable = true;
      if (!options.json) io.err(error.message);
      all.push({
        severity: 'error',
        code: 'READ',
        message: error.message,
        ...(files.length > 1 ? { file } : {}),
      });
      continue;
    }
    const result = validateFlow(input, { activities });
    failed ||= !result.ok;
    if (options.json) all.push(...result.diagnostics.map((d) => (files.length > 1 ? { ...d, file } : d)));
    else io.out(formatDiagnostics(file, result.diagnostics));
  }
  if (options.json) io.out(JSON.stringify({ ok: !failed && !unreadable, diagnostics: all }, null, 2));
  return unreadable ? 2 : failed ? 1 : 0;
}
