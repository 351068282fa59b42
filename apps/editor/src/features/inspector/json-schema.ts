import { z } from 'zod';
import { flowSettingsSchema, getNodeDefinition, WHATSAPP_LIMITS } from '@leadline/flow-core';

/** The part of JSON Schema that zod's `toJSONSchema` emits for node data, as the forms read it. */
export interface JsonSchema {
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
  return { ...picked, description: schema.description ?? picked.description };
}

export function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  if (schema.enum) return 'enum';
  if (schema.properties) return 'object';
  return undefined;
}

/** The core's durations ("90s", "15m", "2h", "3d") are strings described this way. */
export function isDuration(schema: JsonSchema): boolean {
  return typeOf(schema) === 'string' && (schema.description ?? '').startsWith('A number and a unit');
}

export function isTemplateRef(schema: JsonSchema): boolean {
  return (schema.description ?? '').startsWith('An approved WhatsApp template');
}

/** WhatsApp's limits, by where a field sits: the forms show them and stop adding past them. */
export function itemLimit(path: readonly string[]): number | undefined {
  const last = path.at(-1);
  if (last === 'buttons' && !path.includes('fallbackTemplate') && !path.includes('reengagementTemplate'))
    return WHATSAPP_LIMITS.buttons;
  if (last === 'sections') return WHATSAPP_LIMITS.listSections;
  if (last === 'rows') return WHATSAPP_LIMITS.listRows;
  return undefined;
}

export function textLimit(path: readonly string[], data: Record<string, unknown>): number | undefined {
  const last = path.at(-1);
  const parent = path.at(-3);
  if (last === 'title' && parent === 'buttons') return WHATSAPP_LIMITS.buttonTitle;
  if (last === 'title' && parent === 'rows') return WHATSAPP_LIMITS.rowTitle;
  if (last === 'description' && parent === 'rows') return WHATSAPP_LIMITS.rowDescription;
  if (last === 'title' && parent === 'sections') return WHATSAPP_LIMITS.sectionTitle;
  if (path.length === 2 && path[0] === 'list' && last === 'button') return WHATSAPP_LIMITS.listButton;
  if (path.length === 1 && last === 'text') {
    if (data.buttons) return WHATSAPP_LIMITS.buttonBody;
    return data.list ? WHATSAPP_LIMITS.listBody : WHATSAPP_LIMITS.textBody;
  }
  if (last === 'caption') return WHATSAPP_LIMITS.caption;
  return undefined;
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
