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

/** A page size in the query string (`?limit=`, `?perStage=`): a whole number from 1 to `max`. */
export function countParam(max = MAX_LIMIT) {
  const error = `must be a whole number from 1 to ${max}`;
  return optionalParam(
    z
      .string()
      .regex(/^\d+$/, { error })
      .transform(Number)
      .pipe(z.number().min(1, { error }).max(max, { error })),
  );
}

/** `?cursor=`: what the list's own decoder reads back as where the previous page ended. */
export function cursorParam<C>(decode: (text: string) => C | undefined) {
  return optionalParam(
    z.string().transform((text, ctx) => {
      const cursor = decode(text);
      if (cursor !== undefined) return cursor;
      ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned (use nextCursor as is)' });
      return z.NEVER;
    }),
  );
}

/**
 * `?cursor=&limit=`, shared by every list; extend it with the list's own filters. A list whose cursor
 * is more than a row id (the inbox's activity time and id, the runs') passes its own decoder.
 */
export function pageQuery<C>(decode: (text: string) => C | undefined, maxLimit = MAX_LIMIT) {
  return { cursor: cursorParam(decode), limit: countParam(maxLimit) };
}

/** The usual page query: the cursor is the last row's id (encodeCursor). */
export const pageQueryShape = pageQuery(decodeCursor);

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
