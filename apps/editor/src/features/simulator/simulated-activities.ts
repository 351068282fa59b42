// The editor's simulator and custom activities: it cannot run your developers' code in the browser,
// so a custom activity the simulation has no scripted answer for answers with a sample of its
// declared output (from the manifest's JSON Schema). The flow then goes on by `ok`, with `vars`
// shaped like the real output; the flow's branches on real values are tried with the CLI's scripts.
import type { ScriptedOutcome, SimulationOptions } from '@leadline/flow-core';
import type { ActivityManifestEntry } from '../../api/api-client';

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value that matches a (simple) JSON Schema: its default, example, first choice, or a plain sample. */
export function sampleOf(schema: unknown, name = 'value', depth = 0): unknown {
  if (!isSchema(schema) || depth > 8) return null;
  if ('default' in schema) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const choice = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(choice) && choice.length) {
    const first = choice.find((option) => isSchema(option) && option.type !== 'null') ?? choice[0];
    return sampleOf(first, name, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [key, sampleOf(property, key, depth + 1)]),
      );
    }
    case 'array':
      return 'items' in schema ? [sampleOf(schema.items, name, depth + 1)] : [];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      if (schema.format === 'date') return '2026-01-05';
      if (schema.format === 'date-time') return '2026-01-05T09:00:00.000Z';
      if (schema.format === 'email') return 'ana@example.com';
      return `sample ${name}`;
    default:
      return null;
  }
}

/** Simulation options that answer unscripted custom activities from their manifest entries. */
export function simulatedActivityAnswers(activities: readonly ActivityManifestEntry[]): SimulationOptions {
  const byName = new Map(activities.map((activity) => [activity.name, activity]));
  return {
    customActivity: ({ name }, scripted): ScriptedOutcome => {
      if (scripted.ok || scripted.error.code !== 'SIMULATOR_NO_ANSWER') return scripted;
      const output = byName.get(name)?.output;
      return output ? { ok: true, output: sampleOf(output) } : scripted;
    },
  };
}
