import { z } from 'zod';
import { ui } from './ui-hints';

/** Meta's rule for template names: lowercase letters, digits and underscores, up to 512 characters. */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9_]{1,512}$/;

export const templateRefSchema = z
  .object({
    name: z.string().min(1),
    language: z.string().min(2).max(15),
    params: z.array(z.string()).default([]),
    header: z.string().optional(),
    buttons: z.array(z.object({ index: z.number().int().min(0).max(9), payload: z.string() })).optional(),
  })
  .meta({
    description: 'An approved WhatsApp template; params are the body parameters, each interpolated',
    ...ui({ widget: 'template' }),
  });

export type TemplateRef = z.infer<typeof templateRefSchema>;
