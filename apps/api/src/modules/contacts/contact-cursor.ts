import type { Prisma } from '@leadline/database';

/**
 * How the contacts table can be sorted; each has an index (see the pipeline_stages migration). The
 * "last message" sort reads contact_activity's index (migration 20261208010000_contact_activity):
 * contacts.last_inbound_at is not indexed, so that an inbound message's update of it stays HOT.
 */
export const CONTACT_SORTS = ['created', 'name', 'last_message'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

const COLUMN: Record<ContactSort, 'createdAt' | 'name' | 'lastInboundAt'> = {
  created: 'createdAt',
  name: 'name',
  last_message: 'lastInboundAt',
};

/**
 * Where the last row of a page was in the sort: its sort value and id (keyset, not an offset), and
 * for a time, how many rows of its millisecond the pages so far returned (`seen`). A time travels at
 * the millisecond (a JavaScript Date, and Prisma's filters, keep no more), but created_at holds
 * microseconds and the rows a transaction writes share one (a batch of webhooks, an import): within
 * the cursor's millisecond the rows' order cannot be told from the cursor, so the next page starts
 * at that millisecond and passes over the `seen` rows of it (issue 21, eleventh round: until then a
 * page after the cursor compared with the millisecond as if it were the row's time, which passed
 * over the rest of the cursor's millisecond newest first and repeated the cursor's row oldest first).
 * A row committed into that millisecond after the page was read (a transaction's now() is its start)
 * and ordered before the cursor's row moves the count by one: a row is shown twice, none is missed.
 */
export interface ContactCursor {
  sort: ContactSort;
  order: SortOrder;
  value: string | null;
  id: string;
  seen: number;
}

export function encodeContactCursor(cursor: ContactCursor): string {
  return Buffer.from(
    JSON.stringify(['k2', cursor.sort, cursor.order, cursor.value, cursor.id, cursor.seen]),
  ).toString('base64url');
}

export function decodeContactCursor(text: string): ContactCursor | undefined {
  if (text.length > 600 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return undefined;
    // k1 (before `seen`): its row the only one of its millisecond returned.
    const [version, sort, order, value, id, seen = 1] = parsed as unknown[];
    if (!(version === 'k1' && parsed.length === 5) && !(version === 'k2' && parsed.length === 6))
      return undefined;
    if (!(CONTACT_SORTS as readonly unknown[]).includes(sort)) return undefined;
    if (order !== 'asc' && order !== 'desc') return undefined;
    if (value !== null && typeof value !== 'string') return undefined;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    if (!Number.isSafeInteger(seen) || (seen as number) < 0) return undefined;
    return { sort: sort as ContactSort, order, value, id, seen: seen as number };
  } catch {
    return undefined;
  }
}

/**
 * Where contacts without the sorted value go: those without a name after the named (A→Z), those who
 * never wrote after those who did (newest first); the other direction reverses it, so that both
 * directions are one scan of the sort's index, forwards or backwards.
 */
function nullsFirst(sort: ContactSort, order: SortOrder): boolean {
  return sort === 'name' ? order === 'desc' : order === 'asc';
}

export function contactOrderBy(
  sort: ContactSort,
  order: SortOrder,
): Prisma.ContactOrderByWithRelationInput[] {
  const column = COLUMN[sort];
  const nulls = nullsFirst(sort, order) ? 'first' : 'last';
  const first =
    column === 'createdAt'
      ? { createdAt: order }
      : ({ [column]: { sort: order, nulls } } as Prisma.ContactOrderByWithRelationInput);
  return [first, { id: order }];
}

/** A range of the sort's index to read (its bounds index conditions), and the rows to pass over first. */
export interface KeysetPart<W> {
  where: W | undefined;
  skip: number;
}

/**
 * The rows after the cursor's row, in the same order (ties broken by id), as one or two parts read one
 * after the other (pageThrough): each part is a range of the sort's index, its bounds index conditions.
 *
 * Issue 21, eleventh round: the cursor was one OR (`value beyond` OR `value equal AND id beyond` OR,
 * nulls last, `value missing`), which no index condition can express: the scan read the tenant's
 * rows from the start of the sort and filtered out every row before the cursor (a page 200 pages in
 * read 10,051 rows for 51; contacts-scale.int-spec.ts). Now the sort value is a bound (an index
 * condition: the scan starts at the cursor's value): a name `>=`/`<=` it, the OR left as a filter
 * that only passes over the rows of that name up to the cursor's id; a time from its millisecond on,
 * passing over the `seen` rows of it (ContactCursor). The rows without a value are a part of their
 * own (`IS NULL AND id beyond`, both index conditions), read when the page runs into them.
 */
export function afterCursor(cursor: ContactCursor): KeysetPart<Prisma.ContactWhereInput>[] {
  return keysetAfter(cursor, 'id') as KeysetPart<Prisma.ContactWhereInput>[];
}

/** afterCursor for the "last message" sort, on contact_activity (its id is the contact's). */
export function afterActivityCursor(cursor: ContactCursor): KeysetPart<Prisma.ContactActivityWhereInput>[] {
  return keysetAfter(cursor, 'contactId') as KeysetPart<Prisma.ContactActivityWhereInput>[];
}

/** contactOrderBy for the "last message" sort, on contact_activity's index. */
export function activityOrderBy(order: SortOrder): Prisma.ContactActivityOrderByWithRelationInput[] {
  const nulls = nullsFirst('last_message', order) ? 'first' : 'last';
  return [{ lastInboundAt: { sort: order, nulls } }, { contactId: order }];
}

function keysetAfter(cursor: ContactCursor, idColumn: 'id' | 'contactId'): KeysetPart<object>[] {
  const column = COLUMN[cursor.sort];
  const desc = cursor.order === 'desc';
  const beyond = desc ? 'lt' : 'gt';
  const idBeyond = { [idColumn]: { [beyond]: cursor.id } };
  const value = column === 'createdAt' ? (cursor.value ?? new Date(0).toISOString()) : cursor.value;
  const first = column !== 'createdAt' && nullsFirst(cursor.sort, cursor.order);
  if (value === null) {
    // The cursor row had no value: after it come the other rows without one, then (nulls first) the rest.
    const rest = { where: { [column]: null, ...idBeyond }, skip: 0 };
    return first ? [rest, { where: { [column]: { not: null } }, skip: 0 }] : [rest];
  }
  let valued: KeysetPart<object>;
  if (column === 'name') {
    valued = {
      where: {
        AND: [{ name: { [desc ? 'lte' : 'gte']: value } }, { OR: [{ name: { [beyond]: value } }, idBeyond] }],
      },
      skip: 0,
    };
  } else {
    // From the cursor's millisecond on (its end, newest first), its `seen` rows passed over.
    const at = new Date(value).getTime();
    valued = {
      where: { [column]: desc ? { lt: new Date(at + 1) } : { gte: new Date(at) } },
      skip: cursor.seen,
    };
  }
  // created_at has a value in every row; the others' rows without one come last here (or came first).
  return column === 'createdAt' || first ? [valued] : [valued, { where: { [column]: null }, skip: 0 }];
}

/**
 * A page read part by part (afterCursor's parts, in order; one part, the index's start, without a
 * cursor): the next part only while the page is not full, so a page costs one statement unless it
 * crosses into the rows without a value.
 */
export async function pageThrough<W, T>(
  parts: readonly KeysetPart<W>[],
  take: number,
  read: (where: W | undefined, take: number, skip: number) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = [];
  for (const part of parts) {
    if (rows.length >= take) break;
    rows.push(...(await read(part.where, take - rows.length, part.skip)));
  }
  return rows;
}

/** Where to start without a cursor: the index's start. */
export const FROM_START: readonly KeysetPart<never>[] = [{ where: undefined, skip: 0 }];

/**
 * The cursor after a page's last row: a time's `seen` counts the page's rows of its millisecond, and
 * the previous cursor's when it was in the same one.
 */
export function cursorAfter(
  sort: ContactSort,
  order: SortOrder,
  page: readonly { id: string; createdAt: Date; name: string | null; lastInboundAt: Date | null }[],
  previous: ContactCursor | undefined,
): ContactCursor {
  const last = page[page.length - 1];
  const value = cursorValue(sort, last);
  const timed = value !== null && sort !== 'name';
  const seen = timed
    ? page.filter((row) => cursorValue(sort, row) === value).length +
      (previous && previous.value === value ? previous.seen : 0)
    : 0;
  return { sort, order, value, id: last.id, seen };
}

export function cursorValue(
  sort: ContactSort,
  row: { createdAt: Date; name: string | null; lastInboundAt: Date | null },
): string | null {
  const value = row[COLUMN[sort]];
  return value instanceof Date ? value.toISOString() : value;
}
