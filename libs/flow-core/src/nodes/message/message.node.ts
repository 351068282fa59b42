import { z } from 'zod';
import { templateRefSchema } from '../../flow/template-ref.schema';
import { ui } from '../../flow/ui-hints';
import { defineNode } from '../node-definition';
import { buildMessage, contentExpressions } from '../shared/build-message';
import { buttonSchema, listSchema, mediaSchema, optionsOf } from '../shared/interactive.schema';
import {
  bodyLimit,
  LIMITS,
  lintButtons,
  lintList,
  lintTemplate,
  lintText,
  templateExpressions,
} from '../shared/whatsapp-limits';
import { outcomeOfSessionSend } from '../shared/session-outcome';
import { sharedPort } from '../shared/port-words';
import { oneLine } from '../shared/summary';

export const messageDataSchema = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .meta(ui({ widget: 'body' }))
      .optional(),
    media: mediaSchema.optional(),
    buttons: z
      .array(buttonSchema)
      .min(1)
      .meta(ui({ maxCount: LIMITS.buttons }))
      .optional(),
    list: listSchema.optional(),
    fallbackTemplate: templateRefSchema.optional(),
    label: z.string().optional(),
  })
  .superRefine((data, ctx) => {
    if (!data.text && !data.media)
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a message needs text or media' });
    if (data.text && data.media)
      ctx.addIssue({ code: 'custom', path: ['media'], message: 'use either text or media, not both' });
    if (data.buttons && data.list)
      ctx.addIssue({ code: 'custom', path: ['list'], message: 'use either buttons or a list, not both' });
    if ((data.buttons || data.list) && !data.text) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'buttons and lists need a text' });
    }
  });

export type MessageData = z.output<typeof messageDataSchema>;

export const messageNode = defineNode({
  type: 'message',
  version: 1,
  label: 'Message',
  description: 'Sends text, media, buttons or a list, then goes on without waiting.',
  icon: '💬',
  category: 'messaging',
  dataSchema: messageDataSchema,
  defaults: { text: 'Hello {{contact.name}}!' },
  ports: () => [sharedPort('next'), sharedPort('window_closed', { kind: 'window_closed' })],
  expressions: (data) => [
    ...contentExpressions(data),
    ...templateExpressions(data.fallbackTemplate, 'fallbackTemplate'),
  ],
  lint: (data) => [
    ...lintText(data.text, bodyLimit(data)),
    ...lintText(data.media?.caption, LIMITS.caption, 'media.caption'),
    ...(data.buttons ? lintButtons(data.buttons) : []),
    ...(data.list ? lintList(data.list) : []),
    ...lintTemplate(data.fallbackTemplate, 'fallbackTemplate'),
  ],
  timing: {
    sendsSession: () => true,
    hasFallback: (data) => Boolean(data.fallbackTemplate),
  },
  summary: (data) => ({
    text:
      oneLine(data.text) ??
      `${data.media?.kind ?? 'Media'}: ${oneLine(data.media?.caption) ?? data.media?.filename ?? ''}`.trim(),
    ...(optionsOf(data).length ? { chips: optionsOf(data).map((option) => option.title) } : {}),
  }),
  runtime: {
    async enter(ctx, node, data) {
      const message = await buildMessage(ctx, node.id, data);
      const result = await ctx.sendSession(node, message, data.fallbackTemplate);
      return outcomeOfSessionSend(ctx, node.id, result, 'next');
    },
  },
});
