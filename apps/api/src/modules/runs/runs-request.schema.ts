import { FlowRunStatus, isUuid } from '@leadline/database';
import { FLOW_ID_PATTERN, NODE_ID_PATTERN } from '@leadline/flow-core';
import { z } from 'zod';
import { normalisePhone } from '../leads/lead-request.schema';
import { optionalParam, pageQuery } from '../pagination/page';
import { decodeRunCursor } from './run-cursor';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

const STATUSES = Object.values(FlowRunStatus);
const E164 = /^\+[1-9]\d{6,14}$/;

export const listRunsQuerySchema = z.strictObject({
  /** One status or several, comma-separated: `waiting,handoff`. */
  status: optionalParam(
    z
      .string()
      .transform((text) => [...new Set(text.split(',').map((part) => part.trim()))])
      .refine((list) => list.every((status) => (STATUSES as string[]).includes(status)), {
        error: `must be one or more of ${STATUSES.join(', ')}, comma-separated`,
      })
      .transform((list) => list as FlowRunStatus[]),
  ),
  flow: optionalParam(z.string().regex(FLOW_ID_PATTERN, { error: 'must be a flow key, e.g. lead-capture' })),
  /** The contact's id or phone number. */
  contact: optionalParam(
    z.string().transform((text, ctx) => {
      if (isUuid(text)) return { id: text.toLowerCase() };
      const phone = normalisePhone(text);
      if (E164.test(phone)) return { phone };
      ctx.addIssue({ code: 'custom', message: 'must be a contact id or an E.164 phone number' });
      return z.NEVER;
    }),
  ),
  ...pageQuery(decodeRunCursor, MAX_PAGE_SIZE),
});

export type ListRunsQuery = z.output<typeof listRunsQuerySchema>;

/** A POST without a body is an empty one. */
function optionalBody<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => value ?? {}, schema);
}

export const cancelRunBodySchema = optionalBody(
  z.strictObject({
    reason: z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(500, { error: 'must be at most 500 characters' })
      .optional(),
  }),
);

export const resumeRunBodySchema = optionalBody(
  z.strictObject({
    nodeId: z.string().regex(NODE_ID_PATTERN, { error: 'must be a node id of the flow' }).optional(),
  }),
);

export type CancelRunBody = z.output<typeof cancelRunBodySchema>;
export type ResumeRunBody = z.output<typeof resumeRunBodySchema>;
