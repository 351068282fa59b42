import { z } from 'zod';
import { patternProblem } from '../../patterns/pattern';
import { defineNode } from '../node-definition';
import { sharedPort } from '../shared/port-words';

export const triggerDataSchema = z
  .strictObject({
    on: z.enum(['message', 'keyword', 'api', 'referral']),
    keywords: z.array(z.string().min(1)).optional(),
    match: z.enum(['exact', 'contains', 'regex']).default('exact'),
    label: z.string().optional(),
  })
  .superRefine((data, ctx) => {
    if (data.on === 'keyword' && !data.keywords?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['keywords'],
        message: 'a keyword trigger needs at least one keyword',
      });
    }
  });

export type TriggerData = z.output<typeof triggerDataSchema>;

export const triggerNode = defineNode({
  type: 'trigger',
  version: 1,
  label: 'Trigger',
  description:
    'How a conversation starts: any message, a keyword, a lead pushed through the API, or an ad click.',
  icon: '⚡',
  category: 'trigger',
  dataSchema: triggerDataSchema,
  defaults: { on: 'keyword', keywords: ['hi'], match: 'exact' },
  ports: () => [sharedPort('next')],
  lint: (data) => {
    if (data.on !== 'keyword' || data.match !== 'regex') return [];
    return (data.keywords ?? []).flatMap((keyword, index) => {
      const problem = patternProblem(keyword, { ignoreCase: true });
      return problem
        ? [
            {
              code: 'PATTERN',
              severity: 'error' as const,
              path: `keywords.${index}`,
              message: `The keyword pattern cannot be used: ${problem}`,
            },
          ]
        : [];
    });
  },
  timing: {
    // A lead pushed through the API may never have written: the window may never have opened.
    startDelay: (data) => (data.on === 'api' ? Number.POSITIVE_INFINITY : 0),
  },
  summary: (data) => {
    if (data.on === 'keyword')
      return { text: `When they write ${(data.keywords ?? []).map((k) => `“${k}”`).join(' or ')}` };
    if (data.on === 'api') return { text: 'When a lead is pushed through the API' };
    if (data.on === 'referral') return { text: 'When they come from a click-to-WhatsApp ad' };
    return { text: 'When they write anything' };
  },
  runtime: {
    enter: async () => ({ kind: 'go', port: 'next' }),
  },
});
