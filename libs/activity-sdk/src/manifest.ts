import { z } from 'zod';
import type { ActivityDefinition } from './define-activity';

/** What the editor needs to show an activity in its palette and build the node's form. */
export interface ActivityManifestEntry {
  name: string;
  title: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the node's `input`, as the flow author fills it. */
  input: Record<string, unknown>;
  /** JSON Schema of what the node saves in its `save` variable. */
  output: Record<string, unknown>;
  /** Workspace secrets it reads (the workspace must set them). */
  secrets: string[];
  timeoutMs: number;
  retry: { attempts: number; backoffMs: number };
}

export interface ActivityManifest {
  activities: ActivityManifestEntry[];
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // Parts JSON Schema cannot express (a transform, a custom check) become "any" instead of failing
  // the whole manifest; the worker still enforces the zod schema itself.
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

export function manifestEntry(definition: ActivityDefinition): ActivityManifestEntry {
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    input: jsonSchema(definition.input, 'input'),
    output: jsonSchema(definition.output, 'output'),
    secrets: [...definition.secrets],
    timeoutMs: definition.timeoutMs,
    retry: { ...definition.retry },
  };
}

/** The manifest of a set of activities, by name. */
export function activityManifest(definitions: Iterable<ActivityDefinition>): ActivityManifest {
  return {
    activities: [...definitions].map(manifestEntry).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
