import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CliError, type CommandIo } from '../cli-error';
import { activitySource, activityTestSource, scaffoldNames } from './activity-templates';
import { parseCommandArgs, type AdminOptions } from './admin-context';

export const ACTIVITY_USAGE = 'activity new <name> [--dir activities]';

/** The names flows use (the SDK's ACTIVITY_NAME, kept here so the CLI loads no SDK for this). */
const ACTIVITY_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

/**
 * In the repository's own style (Prettier and its config), so `npm test`'s format check passes.
 * Prettier is a development tool: a production install (no dev dependencies) writes the text as is.
 */
async function formatted(file: string, text: string): Promise<string> {
  let bin: string;
  try {
    bin = createRequire(__filename).resolve('prettier/bin/prettier.cjs');
  } catch {
    return text;
  }
  // Its own process: Prettier 3 loads its core with import(), which a CommonJS host such as Jest's
  // sandbox cannot always do in-process.
  const result = spawnSync(process.execPath, [bin, '--stdin-filepath', file], {
    input: text,
    encoding: 'utf8',
  });
  return result.status === 0 ? result.stdout : text;
}

/**
 * `activity new <name>`: writes `<dir>/<name>.activity.ts` and its test (default dir `activities/`,
 * a Jest project and part of the type check), and says how to register, test and use it. 0 written,
 * 1 a file already exists, 2 bad arguments.
 */
export async function activityCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  if (action !== 'new') throw new CliError(`usage: ${ACTIVITY_USAGE}`);
  const { positionals, values } = parseCommandArgs(
    rest,
    { dir: { type: 'string', default: 'activities' } },
    ACTIVITY_USAGE,
  );
  if (positionals.length !== 1) throw new CliError(`usage: ${ACTIVITY_USAGE}`);
  const [name] = positionals;
  if (!ACTIVITY_NAME.test(name)) {
    throw new CliError(
      `"${name}" is not a valid activity name: lowercase letters, digits, ".", "_" or "-", starting with a letter`,
    );
  }
  const cwd = options.cwd ?? process.cwd();
  const folder = resolve(cwd, values.dir);
  const source = join(folder, `${name}.activity.ts`);
  const test = join(folder, `${name}.activity.spec.ts`);
  const taken = [source, test].filter((file) => existsSync(file));
  if (taken.length)
    throw new CliError(
      `${taken.map((file) => relative(cwd, file)).join(' and ')} already exist(s); nothing was written`,
      1,
    );
  await mkdir(folder, { recursive: true });
  await writeFile(source, await formatted(source, activitySource(name)), { flag: 'wx' });
  await writeFile(test, await formatted(test, activityTestSource(name)), { flag: 'wx' });

  const shown = `./${relative(cwd, source)}`;
  const { secret } = scaffoldNames(name);
  io.out(
    [
      `Wrote ${relative(cwd, source)} and ${relative(cwd, test)}.`,
      '',
      'Next:',
      `  1. Test it:      npx jest ${relative(cwd, test)}   (also part of npm test)`,
      `  2. Register it:  add ${shown} to LEADLINE_ACTIVITIES in .env (comma-separated), then start`,
      '                   Leadline; in development, edits to the file reload without a restart.',
      `  3. Its secret:   npm run -s leadline -- secrets set --tenant <slug> --name ${secret} --value-stdin`,
      `  4. Use it:       { "type": "activity", "data": { "name": "${name}", "input": { "id": "{{message.text}}" } } }`,
      '                   then validate, simulate and publish the flow with the CLI.',
    ].join('\n'),
  );
  return 0;
}
