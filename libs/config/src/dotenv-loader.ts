import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'dotenv';

type EnvRecord = Record<string, string | undefined>;

/** The monorepo root: the nearest ancestor whose package.json declares workspaces. */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // A broken package.json further down is not the root; keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Variables from .env text that the real environment does not already define. */
export function dotEnvAdditions(fileContents: string, env: Readonly<EnvRecord>): Record<string, string> {
  const additions: Record<string, string> = {};
  for (const [name, value] of Object.entries(parse(fileContents))) {
    if (env[name] === undefined) additions[name] = value;
  }
  return additions;
}

/**
 * Loads `<repo root>/.env` into `target` without overriding variables that are already set,
 * so real deployment environment always wins. A missing file is not an error.
 */
export function loadDotEnv(
  path: string = join(findRepoRoot(), '.env'),
  target: EnvRecord = process.env,
): string[] {
  if (!existsSync(path)) return [];
  const additions = dotEnvAdditions(readFileSync(path, 'utf8'), target);
  Object.assign(target, additions);
  return Object.keys(additions);
}
