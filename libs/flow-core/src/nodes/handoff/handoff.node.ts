import { z } from 'zod';
import { ui } from '../../flow/ui-hints';
import { defineNode } from '../node-definition';
import { oneLine } from '../shared/summary';

export const handoffDataSchema = z.strictObject({
  note: z
    .string()
    .meta(ui({ widget: 'prose' }))
    .optional(),
  label: z.string().optional(),
});

export const handoffNode = defineNode({
  type: 'handoff',
  version: 1,
  label: 'Hand off',
  description: 'The bot stops and a person takes over the conversation.',
  icon: '🙋',
  category: 'end',
  dataSchema: handoffDataSchema,
  defaults: { note: 'Qualified lead: please call back' },
  ports: () => [],
  expressions: (data) => (data.note ? [{ path: 'note', kind: 'template' as const, source: data.note }] : []),
  summary: (data) => ({ text: oneLine(data.note) ?? 'Hands the conversation to a person' }),
  runtime: {
    async enter(ctx, node, data) {
      return {
        kind: 'handoff',
        note: data.note === undefined ? undefined : await ctx.interpolate(node.id, data.note),
      };
    },
  },
});
