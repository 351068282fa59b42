import { z } from 'zod';
import { defineNode } from '../node-definition';
import { sharedPort } from '../shared/port-words';

export const crmDataSchema = z.strictObject({
  set: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.string().min(1)).optional(),
  addTags: z.array(z.string().min(1)).optional(),
  removeTags: z.array(z.string().min(1)).optional(),
  stage: z.string().min(1).optional(),
  label: z.string().optional(),
});

export const crmNode = defineNode({
  type: 'crm',
  version: 1,
  label: 'Update contact',
  description: "Saves fields on the contact, adds or removes tags, moves the lead's stage.",
  icon: '🗂️',
  category: 'integration',
  dataSchema: crmDataSchema,
  defaults: { set: { email: 'vars.email' }, addTags: ['lead'] },
  ports: () => [sharedPort('next')],
  expressions: (data) =>
    Object.entries(data.set ?? {}).map(([field, source]) => ({
      path: `set.${field}`,
      kind: 'expression' as const,
      source,
    })),
  summary: (data) => ({
    text:
      [
        ...Object.keys(data.set ?? {}).map((field) => `saves ${field}`),
        ...(data.addTags ?? []).map((tag) => `+${tag}`),
        ...(data.removeTags ?? []).map((tag) => `−${tag}`),
        ...(data.stage ? [`stage ${data.stage}`] : []),
      ].join(', ') || 'Changes nothing',
  }),
  runtime: {
    async enter(ctx, node, data) {
      const contact = ctx.state.contact;
      const set: Record<string, unknown> = {};
      for (const [field, source] of Object.entries(data.set ?? {})) {
        set[field] = (await ctx.evaluate(node.id, source)) ?? null;
      }
      const { name, ...fields } = set;
      Object.assign(contact.fields, fields);
      if (typeof name === 'string' && name) contact.name = name;
      if (data.stage) contact.fields.stage = data.stage;
      const removed = new Set(data.removeTags ?? []);
      contact.tags = [...new Set([...contact.tags, ...(data.addTags ?? [])])].filter(
        (tag) => !removed.has(tag),
      );
      ctx.emit({
        type: 'contact.update',
        ...(Object.keys(fields).length ? { set: fields } : {}),
        ...(typeof name === 'string' && name ? { name } : {}),
        ...(data.addTags?.length ? { addTags: data.addTags } : {}),
        ...(data.removeTags?.length ? { removeTags: data.removeTags } : {}),
        ...(data.stage ? { stage: data.stage } : {}),
      });
      return { kind: 'go', port: 'next' };
    },
  },
});
