import { CliError, type CommandIo } from '../cli-error';
import type { AdminOptions } from './admin-context';
import { AI_KEYS_SET_USAGE, aiKeysSetCommand } from './ai-keys-set.command';

export const AI_USAGE = AI_KEYS_SET_USAGE;

/** `ai keys set`. */
export async function aiCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [group, action, ...rest] = args;
  if (group === 'keys' && action === 'set') return aiKeysSetCommand(rest, io, options);
  throw new CliError(`usage: ${AI_USAGE}`);
}
