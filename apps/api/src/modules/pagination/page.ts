import { isUuid } from '@leadline/database';
import { z } from 'zod';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

/** What every list answers: a page of rows and where the next one starts (null: this was the last). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Opaque to clients: base64url of the last row's id. */
export function encodeCursor(id: string): string {
  return Buffer.from(`c1:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): string | undefined {
  if (text.length > 100 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const id = decoded.startsWith('c1:') ? decoded.slice(3) : undefined;
  return isUuid(id) ? id.toLowerCase() : undefined;
}

/** `?x=` counts as not given. */
export function optionalParam<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

const limitError = `must be a whole number from 1 to ${MAX_LIMIT}`;

/** `?cursor=&limit=`, shared by every list; extend it with the list's own filters. */
export const pageQueryShape = {
  cursor: optionalParam(
    z.string().transform((text, ctx) => {
      const id = decodeCursor(text);
      if (id) return id;
      ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned (use nextCursor as is)' });
      return z.NEVER;
    }),
  ),
  limit: optionalParam(
    z
      .string()
      .regex(/^\d+$/, { error: limitError })
      .transform(Number)
      .pipe(z.number().min(1, { error: limitError }).max(MAX_LIMIT, { error: limitError })),
  ),
};

export interface PageQuery {
  cursor?: string;
  limit?: number;
}

/** The Prisma arguments for one page after `cursor` (keyset on the caller's order, which must end with id). */
export function pageArgs(query: PageQuery): { take: number; cursor?: { id: string }; skip?: number } {
  const take = (query.limit ?? DEFAULT_LIMIT) + 1;
  return query.cursor ? { take, cursor: { id: query.cursor }, skip: 1 } : { take };
}

/** Cuts the one extra row fetched by pageArgs off, and turns it into nextCursor. */
export function toPage<T extends { id: string }, V = T>(
  rows: T[],
  query: PageQuery,
  view: (row: T) => V = (row) => row as unknown as V,
): Page<V> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const data = rows.slice(0, limit);
  return {
    data: data.map(view),
    nextCursor: rows.length > limit ? encodeCursor(data[data.length - 1].id) : null,
  };
}
