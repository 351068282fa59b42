import { flowJsonSchema } from '@leadline/flow-core';
import type { CommandIo } from '../cli-error';

/** `schema`: prints the JSON Schema of the flow format, for editors and users' tooling. */
export async function schemaCommand(io: CommandIo): Promise<number> {
  io.out(JSON.stringify(flowJsonSchema(), null, 2));
  return 0;
}
