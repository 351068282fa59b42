import { CliError, type CommandIo } from '../cli-error';
import type { AdminOptions } from './admin-context';
import {
  RUNS_CANCEL_USAGE,
  RUNS_RESUME_USAGE,
  runsCancelCommand,
  runsResumeCommand,
} from './runs-control.command';
import { RUNS_LIST_USAGE, runsListCommand } from './runs-list.command';
import { RUNS_SHOW_USAGE, runsShowCommand } from './runs-show.command';

export const RUNS_USAGE = [RUNS_LIST_USAGE, RUNS_SHOW_USAGE, RUNS_CANCEL_USAGE, RUNS_RESUME_USAGE].join(
  '\n       ',
);

/** `runs list | show | cancel | resume`: look at and steer a tenant's flow runs. */
export async function runsCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  switch (action) {
    case 'list':
      return runsListCommand(rest, io, options);
    case 'show':
      return runsShowCommand(rest, io, options);
    case 'cancel':
      return runsCancelCommand(rest, io, options);
    case 'resume':
      return runsResumeCommand(rest, io, options);
    default:
      throw new CliError(`usage: ${RUNS_USAGE}`);
  }
}
