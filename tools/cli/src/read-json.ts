import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error';

/** Reads and parses a JSON file; a missing file or bad JSON is a CliError naming the file and why. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `${path}: cannot read the ${what} (${code === 'ENOENT' ? 'no such file' : (code ?? 'unknown error')})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: the ${what} is not valid JSON (${(error as Error).message})`);
  }
}
