import { z } from 'zod';
import { isoDate } from '../pagination/page-response.schema';

/** What the usage route answers (see flows-response.schema.ts for why these are zod). */
const counts = {
  calls: z.number().int(),
  failed: z.number().int().describe('Calls whose outcome was an error code'),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
};

export const aiUsageSummarySchema = z.object({
  from: isoDate,
  to: isoDate,
  runId: z.uuid().optional(),
  lines: z.array(z.object({ provider: z.string(), model: z.string(), task: z.string(), ...counts })),
  totals: z.object(counts),
});
