import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { ActivityRegistry } from './activity-registry';
import { ActivityDefinitionError, isActivityDefinition, type ActivityDefinition } from './define-activity';

export interface LoadActivitiesOptions {
  /** Activities shipped with the server, registered before the configured modules. */
  builtIns?: readonly ActivityDefinition[];
  /** Module paths (relative to `cwd`) or package names, e.g. from LEADLINE_ACTIVITIES. */
  modules?: readonly string[];
  /** Where relative paths and package names are resolved from (default: process.cwd()). */
  cwd?: string;
}

/** Every activity a module exports: its default export, named exports, or arrays of them. */
export function activitiesOf(moduleExports: unknown): ActivityDefinition[] {
  const found = new Set<ActivityDefinition>();
  const visit = (value: unknown, depth: number) => {
    if (isActivityDefinition(value)) found.add(value);
    else if (Array.isArray(value)) value.forEach((item) => visit(item, depth));
    else if (depth < 2 && value && typeof value === 'object')
      Object.values(value).forEach((item) => visit(item, depth + 1));
  };
  visit(moduleExports, 0);
  return [...found];
}

/**
 * Loads the configured activity modules and registers them with the built-ins. A module that cannot
 * be loaded or exports no activity stops the start-up with a message naming it.
 */
export function loadActivityRegistry(options: LoadActivitiesOptions = {}): ActivityRegistry {
  const cwd = options.cwd ?? process.cwd();
  const registry = new ActivityRegistry();
  for (const definition of options.builtIns ?? []) registry.add(definition, 'the built-in activities');
  const requireFrom = createRequire(join(cwd, 'package.json'));
  for (const specifier of options.modules ?? []) {
    const target = specifier.startsWith('.') || isAbsolute(specifier) ? resolve(cwd, specifier) : specifier;
    let moduleExports: unknown;
    try {
      moduleExports = requireFrom(target);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new ActivityDefinitionError(`LEADLINE_ACTIVITIES: cannot load "${specifier}": ${reason}`);
    }
    const definitions = activitiesOf(moduleExports);
    if (definitions.length === 0) {
      throw new ActivityDefinitionError(
        `LEADLINE_ACTIVITIES: "${specifier}" exports no activity (export what defineActivity returns)`,
      );
    }
    for (const definition of definitions) registry.add(definition, `"${specifier}"`);
  }
  return registry;
}
