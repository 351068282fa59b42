import { z } from 'zod';
import { defineNode } from '../node-definition';
import { variableNameSchema } from '../shared/interactive.schema';
import { callAndWait, goError } from '../shared/activity-step';
import { templateStrings } from '../shared/template-strings';
import { sharedPort } from '../shared/port-words';

export const activityDataSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, {
    error: 'activity names are lowercase letters, digits, ".", "_" or "-"',
  }),
  input: z.record(z.string(), z.unknown()).default({}),
  save: variableNameSchema.optional(),
  label: z.string().optional(),
});

export const activityNode = defineNode({
  type: 'activity',
  version: 1,
  label: 'Custom activity',
  description: "Runs one of your developers' custom activities (CRM lookup, booking, scoring...).",
  icon: '🧩',
  category: 'integration',
  dataSchema: activityDataSchema,
  defaults: { name: 'score-lead', input: { budget: '{{vars.budget}}' }, save: 'score' },
  ports: () => [sharedPort('ok'), sharedPort('error', { kind: 'error' })],
  expressions: (data) => templateStrings(data.input, 'input'),
  summary: (data) => ({ text: `Runs “${data.name}”` }),
  runtime: {
    async enter(ctx, node, data) {
      const input = (await ctx.interpolateDeep(node.id, data.input)) as Record<string, unknown>;
      return callAndWait(ctx, node, { kind: 'activity', name: data.name, input });
    },
    async onActivityResult(ctx, node, data, result) {
      if (!result.ok) return goError(ctx, node, result.error);
      if (data.save) ctx.state.vars[data.save] = result.output ?? null;
      return { kind: 'go', port: 'ok' };
    },
  },
});
