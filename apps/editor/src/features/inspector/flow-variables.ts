// What the `{{ }}` menu offers: the contact's fields, every `save` target of the flow, the fields a
// custom activity's output declares (from the manifest), and why a step failed after an error port.
import type { ActivityManifestEntry } from '../../api/api-client';

export const CONTACT_VARIABLES = ['contact.name', 'contact.phone'];
/** Read in the steps after an `error` port (see docs/flow-authoring.md, "Why a step failed"). */
export const ERROR_VARIABLES = ['error.code', 'error.message'];

interface NodeLike {
  data: { nodeType?: string; config: Record<string, unknown> };
}

/** The output's top-level fields, from its JSON Schema. */
function outputFields(activity: ActivityManifestEntry | undefined): string[] {
  const properties = (activity?.output as { properties?: unknown } | undefined)?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

export function flowVariables(
  nodes: readonly NodeLike[],
  edges: ReadonlyArray<{ sourceHandle?: string | null }>,
  activities: readonly ActivityManifestEntry[],
): string[] {
  const byName = new Map(activities.map((activity) => [activity.name, activity]));
  const names = new Set<string>();
  for (const node of nodes) {
    const { save, name } = node.data.config as { save?: unknown; name?: unknown };
    if (typeof save !== 'string' || !save) continue;
    names.add(`vars.${save}`);
    if (node.data.nodeType === 'activity' && typeof name === 'string') {
      for (const field of outputFields(byName.get(name))) names.add(`vars.${save}.${field}`);
    }
  }
  const hasErrorPort = edges.some((edge) => edge.sourceHandle === 'error');
  return [...CONTACT_VARIABLES, ...[...names].sort(), ...(hasErrorPort ? ERROR_VARIABLES : [])];
}
