import { z } from 'zod';
import { nodeDefinitions } from '../nodes/registry';
import { edgeSchema, flowEnvelopeSchema, NODE_ID_PATTERN, positionSchema } from './flow-envelope.schema';

/**
 * The complete flow document as one schema: every node type with its own data. Used for the exported
 * JSON Schema and for typing; validation goes node by node for messages that name the node.
 */
const nodeSchemas = nodeDefinitions.map((definition) =>
  z
    .looseObject({
      id: z.string().regex(NODE_ID_PATTERN),
      type: z.literal(definition.type),
      position: positionSchema.optional(),
      data: definition.dataSchema,
    })
    .meta({ title: definition.label, description: definition.description }),
);

export const flowNodeSchema = z.discriminatedUnion(
  'type',
  nodeSchemas as unknown as [(typeof nodeSchemas)[number], ...typeof nodeSchemas],
);

export const flowSchema = flowEnvelopeSchema.extend({
  nodes: z.array(flowNodeSchema),
  edges: z.array(edgeSchema),
});

/** JSON Schema (draft 2020-12) of the flow format, for the editor and for users' tooling. */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://leadline.dev/schemas/flow-v1.json',
    title: 'Leadline flow (leadline.flow/v1)',
    ...z.toJSONSchema(flowSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
