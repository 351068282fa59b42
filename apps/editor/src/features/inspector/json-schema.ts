import { z } from 'zod';
import { bodyLimit, flowSettingsSchema, getNodeDefinition, type UiHints } from '@leadline/flow-core';

/**
 * The part of JSON Schema that zod's `toJSONSchema` emits for node data, as the forms read it, with
 * the core's UI hints (`widget`, `maxChars`, `maxCount`: see `ui()` in flow-core).
 */
export interface JsonSchema extends Pick<UiHints, 'widget' | 'maxChars' | 'maxCount'> {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  minItems?: number;
  pattern?: string;
  const?: unknown;
}

const cache = new Map<string, JsonSchema | null>();

/** A node type's data schema as JSON Schema (what the form is generated from), computed once per type. */
export function nodeDataSchema(nodeType: string): JsonSchema | null {
  if (!cache.has(nodeType)) {
    const definition = getNodeDefinition(nodeType);
    let schema: JsonSchema | null = null;
    try {
      schema = definition
        ? (z.toJSONSchema(definition.dataSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema)
        : null;
    } catch {
      schema = null;
    }
    cache.set(nodeType, schema);
  }
  return cache.get(nodeType) ?? null;
}

let settingsSchema: JsonSchema | null = null;

/** The flow's `settings` (re-engagement template, window margin, AI provider) as JSON Schema. */
export function flowSettingsJsonSchema(): JsonSchema {
  settingsSchema ??= z.toJSONSchema(flowSettingsSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return settingsSchema;
}

/** Unions (`a | b`, nullable) are edited as their first object/string variant. */
export function resolve(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants?.length) return schema;
  const picked = variants.find((variant) => variant.type !== 'null') ?? variants[0];
  return {
    ...picked,
    description: schema.description ?? picked.description,
    widget: schema.widget ?? picked.widget,
    maxChars: schema.maxChars ?? picked.maxChars,
    maxCount: schema.maxCount ?? picked.maxCount,
  };
}

export function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  if (schema.enum) return 'enum';
  if (schema.properties) return 'object';
  return undefined;
}

/** How the form draws a field: the core's schemas carry it (`ui()` hints in flow-core), never guessed. */
export function widgetOf(schema: JsonSchema): UiHints['widget'] {
  return schema.widget;
}

export function isDuration(schema: JsonSchema): boolean {
  return widgetOf(schema) === 'duration';
}

export function isTemplateRef(schema: JsonSchema): boolean {
  return widgetOf(schema) === 'template';
}

/** Several lines of words (a message, an instruction), as opposed to names and ids. */
export function isProse(schema: JsonSchema): boolean {
  return widgetOf(schema) === 'prose' || widgetOf(schema) === 'body';
}

/** WhatsApp's limit on a list's items (buttons, sections, rows): the form stops adding past it. */
export function itemLimit(schema: JsonSchema): number | undefined {
  return schema.maxCount;
}

/** WhatsApp's limit on a text, shown by its counter; a message body's depends on its buttons or list. */
export function textLimit(schema: JsonSchema, data: Record<string, unknown>): number | undefined {
  return widgetOf(schema) === 'body' ? bodyLimit(data) : schema.maxChars;
}

/** An empty value of a schema, for "Add" buttons. */
export function emptyValue(schema: JsonSchema): unknown {
  const resolved = resolve(schema);
  if (resolved.default !== undefined) return structuredClone(resolved.default);
  if (resolved.enum?.length) return resolved.enum[0];
  switch (typeOf(resolved)) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of resolved.required ?? []) {
        const child = resolved.properties?.[key];
        if (child) value[key] = emptyValue(child);
      }
      return value;
    }
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return resolved.minimum ?? 0;
    case 'boolean':
      return false;
    case 'enum':
      return resolved.enum?.[0];
    default:
      return '';
  }
}

/**
 * The required text and number fields of an object left empty (nothing, or only spaces; a `{{ }}`
 * variable counts as filled): the form flags them, as the worker would refuse the input.
 */
export function emptyRequiredKeys(schema: JsonSchema, record: Record<string, unknown>): string[] {
  const properties = schema.properties ?? {};
  return (schema.required ?? []).filter((key) => {
    const type = typeOf(resolve(properties[key]));
    if (type === 'object' || type === 'array') return false;
    const value = record[key];
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  });
}
