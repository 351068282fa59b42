import { watch, type FSWatcher } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { ActivityRegistry } from './activity-registry';
import { loadActivityRegistry, type LoadActivitiesOptions } from './load-activities';

export interface WatchActivitiesOptions extends LoadActivitiesOptions {
  /** After a reload, with the names now registered. */
  onReload?: (names: string[]) => void;
  /** A reload that failed (syntax error, bad definition): the previous activities stay. */
  onError?: (error: unknown) => void;
  /** Changes closer together than this are one reload (default 150 ms). */
  debounceMs?: number;
}

/**
 * Development only: reloads the activity modules listed by path (not packages) when a file in
 * their folders changes, and swaps them into `registry`, so a code change needs no restart. Node's
 * module cache is cleared for those folders first; the next call of an activity runs the new code.
 * The watchers do not keep the process alive.
 */
export function watchActivityModules(
  registry: ActivityRegistry,
  options: WatchActivitiesOptions,
): { close(): void } {
  const cwd = options.cwd ?? process.cwd();
  const requireFrom = createRequire(join(cwd, 'package.json'));
  const folders = new Set<string>();
  for (const specifier of options.modules ?? []) {
    if (!specifier.startsWith('.') && !isAbsolute(specifier)) continue; // packages are not watched
    try {
      folders.add(dirname(requireFrom.resolve(resolve(cwd, specifier))));
    } catch {
      // Not loadable now: the start-up already said so, or a reload will.
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    for (const file of Object.keys(require.cache)) {
      if (
        [...folders].some((folder) => file.startsWith(folder + sep)) &&
        !file.includes(`${sep}node_modules${sep}`)
      )
        delete require.cache[file];
    }
    try {
      registry.replaceWith(loadActivityRegistry(options));
      options.onReload?.(registry.names());
    } catch (error) {
      options.onError?.(error);
    }
  };
  const watchers: FSWatcher[] = [...folders].map((folder) => {
    const watcher = watch(folder, { recursive: true }, (_event, file) => {
      if (file && !/\.(c|m)?(t|j)sx?$|\.json$/.test(String(file))) return;
      clearTimeout(timer);
      timer = setTimeout(reload, options.debounceMs ?? 150);
    });
    watcher.unref();
    return watcher;
  });
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
