import { z } from 'zod';
import { ui } from '../../flow/ui-hints';
import { defineNode, type PortSpec } from '../node-definition';
import { variableNameSchema } from '../shared/interactive.schema';
import { callAndWait, goError } from '../shared/activity-step';
import { outcomeOfSessionSend } from '../shared/session-outcome';
import { checkExtraction, WHATSAPP_TEXT_LIMIT } from './ai-output';
import { sharedPort } from '../shared/port-words';
import { oneLine } from '../shared/summary';

export const aiDataSchema = z
  .strictObject({
    task: z.enum(['reply', 'classify', 'extract']),
    instructions: z
      .string()
      .min(1)
      .meta(ui({ widget: 'prose' })),
    provider: z.enum(['openai', 'gemini']).optional(),
    model: z.string().min(1).optional(),
    labels: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'labels are letters, digits, "_" or "-"' }))
      .optional(),
    fields: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
        z.enum(['string', 'number', 'boolean', 'date']),
      )
      .optional(),
    save: variableNameSchema.optional(),
    label: z.string().optional(),
  })
  .superRefine((data, ctx) => {
    if (data.task === 'classify' && !data.labels?.length) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'a classify task needs labels' });
    }
    if (data.task === 'extract' && !Object.keys(data.fields ?? {}).length) {
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'an extract task needs fields' });
    }
  });

export type AiData = z.output<typeof aiDataSchema>;

export const aiNode = defineNode({
  type: 'ai',
  version: 1,
  label: 'AI step',
  description: 'Lets an AI model reply to the contact, classify the message, or extract data from it.',
  icon: '✨',
  category: 'ai',
  dataSchema: aiDataSchema,
  defaults: { task: 'reply', instructions: 'Answer questions about our opening hours politely.' },
  ports: (data) => {
    const ports: PortSpec[] =
      data.task === 'classify'
        ? (data.labels ?? []).map((label) => ({ id: label, label }))
        : [sharedPort('next')];
    if (data.task === 'reply') ports.push(sharedPort('window_closed', { kind: 'window_closed' }));
    ports.push(sharedPort('error', { kind: 'error' }));
    return ports;
  },
  expressions: (data) => [{ path: 'instructions', kind: 'template', source: data.instructions }],
  lint: (data) => {
    const labels = data.labels ?? [];
    const duplicate = labels.find((label, index) => labels.indexOf(label) !== index || label === 'error');
    return duplicate
      ? [
          {
            code: 'DUPLICATE_PORT',
            severity: 'error' as const,
            path: 'labels',
            message: `Label "${duplicate}" is used twice or is reserved.`,
          },
        ]
      : [];
  },
  timing: { sendsSession: (data) => data.task === 'reply' },
  summary: (data) => ({
    text: `${{ reply: 'Replies', classify: 'Sorts the message', extract: 'Reads details' }[data.task]}: ${oneLine(data.instructions) ?? ''}`,
  }),
  runtime: {
    async enter(ctx, node, data) {
      const context = ctx.expressionContext();
      return callAndWait(ctx, node, {
        kind: 'ai',
        task: data.task,
        instructions: await ctx.interpolate(node.id, data.instructions),
        ...((data.provider ?? ctx.flow.settings?.aiProvider)
          ? { provider: data.provider ?? ctx.flow.settings?.aiProvider }
          : {}),
        ...(data.model ? { model: data.model } : {}),
        ...(data.labels ? { labels: data.labels } : {}),
        ...(data.fields ? { fields: data.fields } : {}),
        // The contact's words travel as data, apart from the instructions (prompt-injection hygiene).
        input: { text: ctx.state.message?.text ?? '', contact: context.contact, vars: context.vars },
      });
    },
    async onActivityResult(ctx, node, data, result) {
      if (!result.ok) return goError(ctx, node, result.error);
      const output = (result.output ?? {}) as Record<string, unknown>;
      if (data.task === 'reply') {
        const text = typeof output.text === 'string' ? output.text.trim().slice(0, WHATSAPP_TEXT_LIMIT) : '';
        if (!text)
          return goError(ctx, node, { code: 'AI_EMPTY_REPLY', message: 'The AI model gave no answer.' });
        if (data.save) ctx.state.vars[data.save] = text;
        const sent = await ctx.sendSession(node, { type: 'text', text });
        return outcomeOfSessionSend(ctx, node.id, sent, 'next');
      }
      if (data.task === 'classify') {
        const label = typeof output.label === 'string' ? output.label.trim() : '';
        if (!(data.labels ?? []).includes(label)) {
          return goError(ctx, node, {
            code: 'AI_INVALID_LABEL',
            message: `The AI model answered "${label.slice(0, 60)}", which is none of the labels ${(data.labels ?? []).join(', ')}.`,
          });
        }
        if (data.save) ctx.state.vars[data.save] = label;
        return { kind: 'go', port: label };
      }
      const { values, invalid } = checkExtraction(data.fields ?? {}, output.values ?? output);
      if (data.save) {
        ctx.state.vars[data.save] = values;
        if (invalid.length) ctx.state.vars[`${data.save}_invalid`] = invalid;
      }
      return { kind: 'go', port: 'next' };
    },
  },
});
