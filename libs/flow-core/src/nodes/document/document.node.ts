import { z } from 'zod';
import { ui } from '../../flow/ui-hints';
import { LIMITS } from '../shared/whatsapp-limits';
import { defineNode } from '../node-definition';
import { variableNameSchema } from '../shared/interactive.schema';
import { callAndWait, goError } from '../shared/activity-step';
import { outcomeOfSessionSend } from '../shared/session-outcome';
import { sharedPort } from '../shared/port-words';

export const documentDataSchema = z.strictObject({
  kind: z.enum(['quote', 'invoice']),
  items: z.string().min(1).meta({ description: 'Expression giving [{ description, quantity, unitPrice }]' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as "EUR", "USD" or "ZAR"' }),
  taxRate: z.number().min(0).max(1).default(0),
  send: z.boolean().default(true),
  caption: z
    .string()
    .meta(ui({ widget: 'prose', maxChars: LIMITS.caption }))
    .optional(),
  save: variableNameSchema.optional(),
  label: z.string().optional(),
});

const itemsSchema = z
  .array(
    z.object({
      description: z.string().min(1),
      quantity: z.number().positive(),
      unitPrice: z.number().min(0),
    }),
  )
  .min(1);

export const documentNode = defineNode({
  type: 'document',
  version: 1,
  label: 'Quote / invoice',
  description: 'Creates a quote or invoice as a PDF and sends it to the contact as a WhatsApp document.',
  icon: '🧾',
  category: 'integration',
  dataSchema: documentDataSchema,
  defaults: {
    kind: 'quote',
    items: '[{ "description": "Consultation", "quantity": 1, "unitPrice": 100 }]',
    currency: 'EUR',
    taxRate: 0.2,
    send: true,
    caption: 'Your quote',
    save: 'quote',
  },
  ports: (data) => [
    sharedPort('next'),
    ...(data.send ? [sharedPort('window_closed', { kind: 'window_closed' })] : []),
    sharedPort('error', { kind: 'error' }),
  ],
  expressions: (data) => [
    { path: 'items', kind: 'expression', source: data.items },
    ...(data.caption ? [{ path: 'caption', kind: 'template' as const, source: data.caption }] : []),
  ],
  timing: { sendsSession: (data) => data.send },
  summary: (data) => ({
    text: `${data.send ? 'Sends' : 'Makes'} a ${data.kind} in ${data.currency}`,
  }),
  runtime: {
    async enter(ctx, node, data) {
      const items = itemsSchema.safeParse(await ctx.evaluate(node.id, data.items));
      if (!items.success) {
        return goError(ctx, node, {
          code: 'DOCUMENT_ITEMS',
          message: `The items of "${node.id}" must be a list of { description, quantity, unitPrice }: ${items.error.issues[0]?.message}`,
        });
      }
      return callAndWait(ctx, node, {
        kind: 'document',
        documentKind: data.kind,
        items: items.data,
        currency: data.currency,
        taxRate: data.taxRate,
        ...(data.caption ? { caption: await ctx.interpolate(node.id, data.caption) } : {}),
        contact: ctx.expressionContext().contact,
      });
    },
    async onActivityResult(ctx, node, data, result) {
      if (!result.ok) return goError(ctx, node, result.error);
      const output = (result.output ?? {}) as { documentId?: string; filename?: string; url?: string };
      if (data.save) ctx.state.vars[data.save] = result.output;
      if (!data.send) return { kind: 'go', port: 'next' };
      const caption = data.caption ? await ctx.interpolate(node.id, data.caption) : undefined;
      const sent = await ctx.sendSession(node, {
        type: 'document',
        documentId: String(output.documentId ?? ''),
        filename: String(output.filename ?? `${data.kind}.pdf`),
        ...(caption ? { caption } : {}),
        ...(output.url ? { url: output.url } : {}),
      });
      return outcomeOfSessionSend(ctx, node.id, sent, 'next');
    },
  },
});
