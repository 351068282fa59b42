import { CliError, type CommandIo } from '../cli-error';
import type { AdminOptions } from './admin-context';
import { TEMPLATES_CREATE_USAGE, templatesCreateCommand } from './templates-create.command';
import { TEMPLATES_LIST_USAGE, templatesListCommand } from './templates-list.command';
import { TEMPLATES_SYNC_USAGE, templatesSyncCommand } from './templates-sync.command';

export const TEMPLATES_USAGE = [TEMPLATES_SYNC_USAGE, TEMPLATES_LIST_USAGE, TEMPLATES_CREATE_USAGE].join(
  '\n       ',
);

/** `templates sync`, `templates list` and `templates create`. */
export async function templatesCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  switch (action) {
    case 'sync':
      return templatesSyncCommand(rest, io, options);
    case 'list':
      return templatesListCommand(rest, io, options);
    case 'create':
      return templatesCreateCommand(rest, io, options);
    default:
      throw new CliError(`usage: ${TEMPLATES_USAGE}`);
  }
}
