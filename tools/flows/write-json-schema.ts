// Writes libs/flow-core/schema/flow-v1.schema.json from the zod schemas: `npm run flows:schema`.
// The file is committed so editors and users' tooling can point at it; a test keeps it current.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowJsonSchema } from '@leadline/flow-core';

export const JSON_SCHEMA_FILE = join(
  __dirname,
  '..',
  '..',
  'libs',
  'flow-core',
  'schema',
  'flow-v1.schema.json',
);

if (require.main === module) {
  writeFileSync(JSON_SCHEMA_FILE, `${JSON.stringify(flowJsonSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
}
