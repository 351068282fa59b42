import { z } from 'zod';
import { isTruthy } from '../../expressions/expression';
import { defineNode } from '../node-definition';
import { sharedPort } from '../shared/port-words';

export const conditionDataSchema = z.strictObject({
  rules: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'rule ids are letters, digits, "_" or "-"' }),
        when: z.string().min(1),
        label: z.string().optional(),
      }),
    )
    .min(1),
  label: z.string().optional(),
});

export const conditionNode = defineNode({
  type: 'condition',
  version: 1,
  label: 'Condition',
  description: 'Checks rules in order and goes on by the first that holds, else by "else".',
  icon: '🔀',
  category: 'logic',
  dataSchema: conditionDataSchema,
  defaults: { rules: [{ id: 'yes', when: 'vars.budget > 1000' }] },
  ports: (data) => [
    ...data.rules.map((rule) => ({ id: rule.id, label: rule.label ?? rule.id })),
    sharedPort('else'),
  ],
  expressions: (data) =>
    data.rules.map((rule, i) => ({
      path: `rules.${i}.when`,
      kind: 'expression' as const,
      source: rule.when,
    })),
  lint: (data) => {
    const ids = data.rules.map((rule) => rule.id);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index || id === 'else');
    return duplicate
      ? [
          {
            code: 'DUPLICATE_PORT',
            severity: 'error' as const,
            path: 'rules',
            message: `Rule id "${duplicate}" is used twice (or is "else"): each rule needs its own port.`,
          },
        ]
      : [];
  },
  summary: (data) => ({
    text: data.rules.map((rule) => `${rule.label ?? rule.id}: ${rule.when}`).join(' · '),
  }),
  runtime: {
    async enter(ctx, node, data) {
      for (const rule of data.rules) {
        if (isTruthy(await ctx.evaluate(node.id, rule.when))) return { kind: 'go', port: rule.id };
      }
      return { kind: 'go', port: 'else' };
    },
  },
});
