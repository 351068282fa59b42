import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Prisma's DMMF (data-model.json) leaves out an index's `where: raw(...)` (previewFeatures
// partialIndexes), so the drift test reads the predicates from prisma/schema.prisma itself.

/** A partial index or unique constraint as prisma/schema.prisma declares it. */
export interface SchemaPartialIndex {
  model: string;
  type: 'normal' | 'unique';
  /** The model's field names, in order, without their (sort: …) or (ops: …) arguments. */
  fields: string[];
  /** `map: "…"`, the database name when it is not Prisma's default. */
  dbName: string | null;
  /** The SQL of `where: raw("…")`, as written in the schema. */
  predicate: string;
}

const SCHEMA_FILE = resolve(__dirname, '../../../../prisma/schema.prisma');

export function loadSchemaPartialIndexes(file = SCHEMA_FILE): SchemaPartialIndex[] {
  return parseSchemaPartialIndexes(readFileSync(file, 'utf8'));
}

/** Every `@@index` / `@@unique` with a `where: raw("…")`, by model (one attribute a line, as Prisma formats). */
export function parseSchemaPartialIndexes(schema: string): SchemaPartialIndex[] {
  const found: SchemaPartialIndex[] = [];
  let model: string | null = null;
  for (const line of schema.split('\n')) {
    const opening = /^model\s+(\w+)\s*\{/.exec(line);
    if (opening) model = opening[1];
    else if (/^\}/.test(line)) model = null;
    const attribute = /^\s*@@(index|unique)\(\[([^\]]*)\](.*)\)\s*$/.exec(line);
    const where = attribute && /where:\s*raw\("((?:[^"\\]|\\.)*)"\)/.exec(attribute[3]);
    if (!model || !attribute || !where) continue;
    found.push({
      model,
      type: attribute[1] === 'unique' ? 'unique' : 'normal',
      fields: withoutArguments(attribute[2])
        .split(',')
        .map((field) => field.trim())
        .filter(Boolean),
      dbName: /map:\s*"([^"]+)"/.exec(attribute[3])?.[1] ?? null,
      predicate: JSON.parse(`"${where[1]}"`) as string,
    });
  }
  return found;
}

/** `tenantId, updatedAt(sort: Desc), name(ops: raw("x"))` -> `tenantId, updatedAt, name`. */
function withoutArguments(fields: string): string {
  let stripped = fields;
  while (/\([^()]*\)/.test(stripped)) stripped = stripped.replace(/\([^()]*\)/g, '');
  return stripped;
}
