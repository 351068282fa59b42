import type { Prisma } from '@leadline/database';

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
