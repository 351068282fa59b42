import type { ActivityDefinition, ActivityRegistry } from '@leadline/activity-sdk';
import { createSafeFetch, type SafeFetch, type SafeFetchOptions } from '@leadline/safe-http';

/** What a refusal names as the way to open a private host to a custom activity. */
export const ACTIVITY_ALLOWLIST_SETTING = 'HTTP_PRIVATE_ALLOWLIST, or the privateHosts of the activity';

/**
 * The `ctx.fetch` of each custom activity: the shared guarded fetch, or, for an activity that
 * declared `privateHosts`, one that also opens those hosts (for that activity only; metadata stays
 * refused by the address policy). Built at start-up, so a bad entry stops it naming the activity.
 */
export function fetchPerActivity(
  registry: ActivityRegistry,
  shared: SafeFetch,
  options: SafeFetchOptions & { privateAllowlist: readonly string[] },
): (definition: ActivityDefinition) => SafeFetch {
  // By definition object: a development reload brings new definitions, and with them new fetches.
  const own = new WeakMap<ActivityDefinition, SafeFetch>();
  const build = (definition: ActivityDefinition): SafeFetch => {
    if (!definition.privateHosts.length) return shared;
    let fetch = own.get(definition);
    if (!fetch) {
      try {
        fetch = createSafeFetch({
          ...options,
          privateAllowlist: [...options.privateAllowlist, ...definition.privateHosts],
          allowlistSetting: ACTIVITY_ALLOWLIST_SETTING,
        });
      } catch (error) {
        throw new Error(`custom activity "${definition.name}": privateHosts: ${(error as Error).message}`);
      }
      own.set(definition, fetch);
    }
    return fetch;
  };
  for (const definition of registry.definitions()) build(definition);
  return build;
}
