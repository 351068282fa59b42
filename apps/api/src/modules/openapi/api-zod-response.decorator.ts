import { createHash } from 'node:crypto';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

type Json = Record<string, unknown>;

/** Shared definitions (recursive or reused parts of zod schemas), added to components.schemas. */
const definitions = new Map<string, Json>();

/** What the document's components.schemas gets from the zod schemas (see openapi.ts). */
export function zodComponents(): Record<string, Json> {
  return Object.fromEntries([...definitions.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function rewriteRefs(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, names));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      key === '$ref' && typeof item === 'string' && names.has(item)
        ? [key, names.get(item)]
        : [key, rewriteRefs(item, names)],
    ),
  );
}

/**
 * The JSON Schema of what a zod schema produces (responses) or accepts (requests). zod puts shared
 * and recursive parts under `$defs` (refs `#/$defs/…`, `#` for the root), which mean nothing inside an
 * OpenAPI document: they move to components.schemas under names derived from their content.
 */
export function zodJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, Json>;
  delete json.$defs;
  const hash = (value: unknown) =>
    createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 10);
  const names = new Map<string, string>();
  for (const [name, def] of Object.entries(defs))
    names.set(`#/$defs/${name}`, `#/components/schemas/Zod_${hash(def)}`);
  const selfReferencing = JSON.stringify(json).includes('"$ref":"#"');
  const rootRef = `#/components/schemas/Zod_${hash(json)}`;
  if (selfReferencing) names.set('#', rootRef);
  for (const [name, def] of Object.entries(defs))
    definitions.set(names.get(`#/$defs/${name}`)!.split('/').pop()!, rewriteRefs(def, names) as Json);
  const root = rewriteRefs(json, names) as Json;
  if (!selfReferencing) return root;
  definitions.set(rootRef.split('/').pop()!, root);
  return { $ref: rootRef };
}

/**
 * Documents a success response with the zod schema that describes it: the OpenAPI document, the
 * contract test (which validates real responses against the document) and the web app's generated
 * types all come from this one schema.
 */
export function ApiZodResponse(status: number, schema: z.ZodType, description = 'Success'): MethodDecorator {
  return ApiResponse({ status, description, schema: zodJsonSchema(schema, 'output') });
}

/** A success whose body is not JSON (text, a PDF, a file, an event stream). */
export function ApiFileResponse(
  status: number,
  contentType: string,
  description: string,
  schema: Record<string, unknown> = { type: 'string', format: 'binary' },
): MethodDecorator {
  return ApiResponse({ status, description, content: { [contentType]: { schema } } });
}

/** A success without a body (204). */
export function ApiNoContent(description = 'Done; no body'): MethodDecorator {
  return ApiResponse({ status: 204, description });
}
