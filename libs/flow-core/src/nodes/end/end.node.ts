import { z } from 'zod';
import { defineNode } from '../node-definition';

export const endDataSchema = z.strictObject({ label: z.string().optional() });

export const endNode = defineNode({
  type: 'end',
  version: 1,
  label: 'End',
  description: 'Ends the conversation flow.',
  icon: '🏁',
  category: 'end',
  dataSchema: endDataSchema,
  defaults: {},
  ports: () => [],
  summary: () => ({ text: 'Ends the conversation' }),
  runtime: { enter: async () => ({ kind: 'end' }) },
});
