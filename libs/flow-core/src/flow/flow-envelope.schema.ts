import { z } from 'zod';
import { flowSettingsSchema } from './flow-settings.schema';
import { FLOW_FORMAT } from './flow.types';

export const FLOW_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const positionSchema = z.object({ x: z.number(), y: z.number() });

export const edgeSchema = z.looseObject({
  id: z.string().min(1),
  source: z.string().min(1),
  sourceHandle: z.string().nullish(),
  target: z.string().min(1),
  targetHandle: z.string().nullish(),
});

/** The flow document with node data left open; each node's data is checked by its own definition. */
export const flowEnvelopeSchema = z.looseObject({
  format: z.literal(FLOW_FORMAT, { error: `must be "${FLOW_FORMAT}"` }),
  id: z.string().regex(FLOW_ID_PATTERN, {
    error: 'must be lowercase letters, digits and dashes, starting with a letter or digit, at most 64',
  }),
  name: z.string().min(1, { error: 'must not be empty' }).max(200),
  description: z.string().max(2000).optional(),
  settings: flowSettingsSchema.optional(),
  nodes: z.array(
    z.looseObject({
      id: z.string().regex(NODE_ID_PATTERN, { error: 'must be 1-64 letters, digits, "_" or "-"' }),
      type: z.string().min(1),
      position: positionSchema.optional(),
      data: z.record(z.string(), z.unknown()).default({}),
    }),
  ),
  edges: z.array(edgeSchema),
});
