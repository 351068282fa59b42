import { z } from 'zod';
import { defineNode } from '../node-definition';
import { VARIABLE_NAME_PATTERN } from '../shared/interactive.schema';
import { sharedPort } from '../shared/port-words';

export const setDataSchema = z.strictObject({
  assign: z
    .record(
      z.string().regex(VARIABLE_NAME_PATTERN, { error: 'variable names are letters, digits and "_"' }),
      z.string().min(1),
    )
    .refine((assign) => Object.keys(assign).length > 0, { message: 'assign at least one variable' }),
  label: z.string().optional(),
});

export const setNode = defineNode({
  type: 'set',
  version: 1,
  label: 'Set variables',
  description: 'Computes values with expressions and saves them in variables.',
  icon: '🧮',
  category: 'logic',
  dataSchema: setDataSchema,
  defaults: { assign: { score: '(vars.score ? vars.score : 0) + 10' } },
  ports: () => [sharedPort('next')],
  expressions: (data) =>
    Object.entries(data.assign).map(([name, source]) => ({
      path: `assign.${name}`,
      kind: 'expression' as const,
      source,
    })),
  summary: (data) => ({ text: `Sets ${Object.keys(data.assign).join(', ')}` }),
  runtime: {
    async enter(ctx, node, data) {
      // Assignments run in order and see the ones before them.
      for (const [name, source] of Object.entries(data.assign)) {
        ctx.state.vars[name] = (await ctx.evaluate(node.id, source)) ?? null;
      }
      return { kind: 'go', port: 'next' };
    },
  },
});
