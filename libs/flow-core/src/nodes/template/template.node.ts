import { z } from 'zod';
import { templateRefSchema } from '../../flow/template-ref.schema';
import { defineNode } from '../node-definition';
import { lintTemplate, templateExpressions } from '../shared/whatsapp-limits';
import { sharedPort } from '../shared/port-words';

export const templateDataSchema = z.strictObject({
  template: templateRefSchema,
  label: z.string().optional(),
});

export const templateNode = defineNode({
  type: 'template',
  version: 1,
  label: 'Template',
  description: 'Sends an approved WhatsApp template: allowed at any time, also after the 24-hour window.',
  icon: '📨',
  category: 'messaging',
  dataSchema: templateDataSchema,
  defaults: { template: { name: 'still_interested', language: 'en', params: ['{{contact.name}}'] } },
  ports: () => [sharedPort('next')],
  expressions: (data) => templateExpressions(data.template, 'template'),
  lint: (data) => lintTemplate(data.template, 'template'),
  summary: (data) => ({ text: `Sends the template “${data.template.name}”` }),
  runtime: {
    async enter(ctx, node, data) {
      ctx.send(node.id, { type: 'template', template: await ctx.resolveTemplate(node.id, data.template) });
      return { kind: 'go', port: 'next' };
    },
  },
});
