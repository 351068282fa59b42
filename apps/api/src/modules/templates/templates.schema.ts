import { templateDraftSchema } from '@leadline/flow-core';
import { z } from 'zod';

/** POST /api/templates: a template built in the web app, for one channel. */
export const submitTemplateSchema = z.strictObject({
  channelId: z.string().min(1),
  template: templateDraftSchema,
});

export type SubmitTemplate = z.output<typeof submitTemplateSchema>;
