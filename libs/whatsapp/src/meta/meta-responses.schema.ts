import { z } from 'zod';

export const sendResponseSchema = z.looseObject({
  messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1),
});

export const uploadResponseSchema = z.looseObject({ id: z.string().min(1) });

export const successResponseSchema = z.looseObject({ success: z.literal(true) });

export const templatePageSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string().min(1),
      name: z.string().min(1),
      language: z.string().min(1),
      status: z.string().min(1),
      category: z.string().optional(),
      parameter_format: z.string().optional(),
      components: z.array(z.unknown()).optional(),
    }),
  ),
  paging: z
    .looseObject({
      next: z.string().optional(),
      cursors: z.looseObject({ after: z.string().optional() }).optional(),
    })
    .optional(),
});

export const createTemplateResponseSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
});
