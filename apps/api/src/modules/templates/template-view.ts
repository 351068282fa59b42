import { TemplateCategory, TemplateStatus, type Prisma } from '@leadline/database';
import { z } from 'zod';

/** What the API shows of a template. */
export const TEMPLATE_VIEW = {
  id: true,
  channelId: true,
  name: true,
  language: true,
  category: true,
  status: true,
  rejectionReason: true,
  components: true,
  providerTemplateId: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TemplateSelect;

export type TemplateView = Prisma.TemplateGetPayload<{ select: typeof TEMPLATE_VIEW }>;

/** TemplateView as the API answers it (dates as ISO strings): its OpenAPI schema. */
export const templateViewSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  name: z.string(),
  language: z.string(),
  category: z.enum(Object.values(TemplateCategory) as [string, ...string[]]),
  status: z.enum(Object.values(TemplateStatus) as [string, ...string[]]),
  rejectionReason: z.string().nullable(),
  components: z.unknown().describe("The provider's components (HEADER, BODY, FOOTER, BUTTONS)"),
  providerTemplateId: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});

export const templatePageSchema = z.object({
  data: z.array(templateViewSchema),
  nextCursor: z.string().nullable(),
});
