import { CliError, type CommandIo } from '../cli-error';
import type { AdminOptions } from './admin-context';
import { CHANNEL_ADD_USAGE, channelAddCommand } from './channel-add.command';
import { CHANNEL_RESEAL_USAGE, channelResealCommand } from './channel-reseal.command';

export const CHANNEL_USAGE = `${CHANNEL_ADD_USAGE}\n       ${CHANNEL_RESEAL_USAGE}`;

/** `channel add ...` and `channel reseal`. */
export async function channelCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  switch (action) {
    case 'add':
      return channelAddCommand(rest, io, options);
    case 'reseal':
      return channelResealCommand(rest, io, options);
    default:
      throw new CliError(`usage: ${CHANNEL_USAGE}`);
  }
}
