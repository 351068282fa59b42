/** Kept apart from sandbox.command so the help text loads without the command's dependencies. */
export const SANDBOX_USAGE =
  'sandbox send --tenant <slug> --phone <+E.164> [--name <name>] (<text> | --button <id>) [--wait <seconds>] [--json]';
