import { z } from 'zod';

/** An ISO date-time as the API writes it (Date objects become `…Z` strings in JSON). */
export const isoDate = z.iso.datetime({ offset: true });

/** What every list answers (Page<T>), as zod for the OpenAPI document. */
export function pageSchemaOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
  });
}
