import { parseArgs } from 'node:util';
import { CliError, type CommandIo } from './cli-error';
import { schemaCommand } from './commands/schema.command';
import { simulateCommand } from './commands/simulate.command';
import { validateCommand } from './commands/validate.command';

export const USAGE = `Usage: npm run -s leadline -- <command>

  validate <flow.json>... [--json]                  check flows against format v1
  simulate <flow.json> --script <script.json> [--json]  run a flow with a simulated clock and channel
  schema                                            print the JSON Schema of the flow format`;

/** Runs one CLI command and returns its exit code; never throws for bad input. */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        script: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(USAGE);
      return command || values.help ? 0 : 2;
    }
    switch (command) {
      case 'validate':
        return await validateCommand(rest, { json: values.json ?? false }, io);
      case 'simulate':
        return await simulateCommand(rest, { json: values.json ?? false, script: values.script }, io);
      case 'schema':
        return await schemaCommand(io);
      default:
        throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`leadline: ${error.message}`);
      return error.exitCode;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`leadline: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
