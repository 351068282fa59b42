import type { ResponseSchema } from '@google/generative-ai';
import type { JsonSchema } from '../ai-provider';

/**
 * Gemini's response schema is an OpenAPI subset: one type plus `nullable`, enums as
 * `format: "enum"`, no `additionalProperties`. Converts the JSON Schema subset the tasks use.
 */
export function toGeminiSchema(schema: JsonSchema): ResponseSchema {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const nullable = types.includes('null');
  const type = types.find((candidate) => candidate !== 'null') ?? 'string';
  const out: Record<string, unknown> = { type };
  if (nullable) out.nullable = true;
  if (typeof schema.description === 'string') out.description = schema.description;
  if (Array.isArray(schema.enum)) {
    out.format = 'enum';
    out.enum = schema.enum.filter((value) => value !== null);
  }
  if (type === 'object' && schema.properties && typeof schema.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, property]) => [
        name,
        toGeminiSchema(property),
      ]),
    );
    if (Array.isArray(schema.required)) out.required = schema.required;
  }
  if (type === 'array' && schema.items && typeof schema.items === 'object') {
    out.items = toGeminiSchema(schema.items as JsonSchema);
  }
  return out as unknown as ResponseSchema;
}
