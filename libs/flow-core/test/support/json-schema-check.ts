/**
 * A small JSON Schema (2020-12) checker for the keywords the flow schema uses, so the test can check
 * documents against the exported schema without another dependency. Unknown keywords are reported,
 * which is how the test notices a schema using something this checker (or a consumer) does not know.
 */
import { UI_HINT_KEYWORDS } from '../../src/flow/ui-hints';

type Schema = boolean | Record<string, unknown>;

export const KNOWN_KEYWORDS = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'default',
  'examples',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'oneOf',
  'anyOf',
  'allOf',
  'enum',
  'const',
  'pattern',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'format',
  // The editor's hints (flow/ui-hints.ts): annotations, ignored by validators.
  ...UI_HINT_KEYWORDS,
]);

const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

/** Every subschema, with its location: for checking the schema itself. */
export function* subschemas(schema: Schema, at = '#'): Generator<[string, Schema]> {
  yield [at, schema];
  if (typeof schema !== 'object') return;
  for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
    yield* subschemas(sub, `${at}/properties/${name}`);
  for (const key of ['items', 'additionalProperties', 'propertyNames'] as const) {
    if (schema[key] !== undefined && typeof schema[key] !== 'boolean')
      yield* subschemas(schema[key] as Schema, `${at}/${key}`);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    for (const [i, sub] of ((schema[key] ?? []) as Schema[]).entries())
      yield* subschemas(sub, `${at}/${key}/${i}`);
  }
}

/** Problems with the schema as a schema: unknown keywords, bad types, bad patterns, required not listed. */
export function schemaProblems(root: Schema): string[] {
  const problems: string[] = [];
  for (const [at, schema] of subschemas(root)) {
    if (typeof schema === 'boolean') continue;
    for (const key of Object.keys(schema))
      if (!KNOWN_KEYWORDS.has(key)) problems.push(`${at}: unknown keyword ${key}`);
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    for (const type of types)
      if (!TYPES.has(type as string)) problems.push(`${at}: unknown type ${String(type)}`);
    if (schema.pattern !== undefined) {
      try {
        new RegExp(schema.pattern as string, 'u');
      } catch {
        problems.push(`${at}: bad pattern`);
      }
    }
    if (
      schema.required !== undefined &&
      (!Array.isArray(schema.required) || schema.required.some((r) => typeof r !== 'string'))
    ) {
      problems.push(`${at}: required must list strings`);
    }
    if (schema.enum !== undefined && (!Array.isArray(schema.enum) || schema.enum.length === 0))
      problems.push(`${at}: empty enum`);
  }
  return problems;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function typeMatches(type: string, value: unknown): boolean {
  if (type === 'integer') return Number.isInteger(value);
  return typeOf(value) === type;
}

/** Where a value breaks the schema (empty when it conforms). */
export function validationErrors(schema: Schema, value: unknown, at = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: not allowed`];
  const s = schema as Record<string, unknown>;
  const errors: string[] = [];
  const types =
    s.type === undefined ? undefined : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  if (types && !types.some((type) => typeMatches(type, value)))
    return [`${at}: expected ${types.join('|')}, got ${typeOf(value)}`];
  if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(value))
    errors.push(`${at}: expected ${JSON.stringify(s.const)}`);
  if (s.enum && !(s.enum as unknown[]).some((option) => JSON.stringify(option) === JSON.stringify(value)))
    errors.push(`${at}: not in enum`);
  if (typeof value === 'string') {
    if (s.pattern !== undefined && !new RegExp(s.pattern as string, 'u').test(value))
      errors.push(`${at}: does not match ${s.pattern}`);
    if (typeof s.minLength === 'number' && [...value].length < s.minLength) errors.push(`${at}: too short`);
    if (typeof s.maxLength === 'number' && [...value].length > s.maxLength) errors.push(`${at}: too long`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${at}: below minimum`);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${at}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(`${at}: too few items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push(`${at}: too many items`);
    if (s.items !== undefined)
      value.forEach((item, i) => errors.push(...validationErrors(s.items as Schema, item, `${at}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const name of (s.required ?? []) as string[])
      if (!(name in object)) errors.push(`${at}: missing ${name}`);
    for (const [name, item] of Object.entries(object)) {
      if (name in properties) errors.push(...validationErrors(properties[name], item, `${at}.${name}`));
      else if (s.additionalProperties !== undefined)
        errors.push(...validationErrors(s.additionalProperties as Schema, item, `${at}.${name}`));
      if (s.propertyNames !== undefined)
        errors.push(...validationErrors(s.propertyNames as Schema, name, `${at} key ${name}`));
    }
  }
  if (s.oneOf) {
    const passing = (s.oneOf as Schema[]).filter(
      (sub) => validationErrors(sub, value, at).length === 0,
    ).length;
    if (passing !== 1) errors.push(`${at}: matches ${passing} of oneOf`);
  }
  if (s.anyOf && !(s.anyOf as Schema[]).some((sub) => validationErrors(sub, value, at).length === 0))
    errors.push(`${at}: matches no anyOf`);
  for (const sub of (s.allOf ?? []) as Schema[]) errors.push(...validationErrors(sub, value, at));
  return errors;
}
