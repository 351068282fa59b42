import { Prisma } from '@leadline/database';

/**
 * How the contacts table can be sorted; each has an index (see the pipeline_stages migration). The
 * "last message" sort reads contact_activity's index (migration 20261208010000_contact_activity):
 * contacts.last_inbound_at is not indexed, so that an inbound message's update of it stays HOT.
 */
export const CONTACT_SORTS = ['created', 'name', 'last_message'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/**
 * Where the last row of a page was in the sort: its sort value and id, a true keyset. A time travels
 * as text at the microsecond PostgreSQL keeps (contact-keys.ts reads it with to_char), never as a
 * JavaScript Date (a millisecond): the rows one transaction writes share one created_at, and only the
 * full value and the id tell them apart. The next page starts after that (value, id) whatever happened
 * to the cursor's own row in between (written again, erased, moved out of the filter): no row is
 * passed over (issue 21, eleventh round, review: the k2 cursor counted the rows of its millisecond
 * and passed over that many, which dropped a row when one of them left the millisecond).
 */
export interface ContactCursor {
  sort: ContactSort;
  order: SortOrder;
  value: string | null;
  id: string;
}

/**
 * A cursor's text is small: a name is at most MAX_CURSOR_NAME long in it (names are written at most
 * 200 long: inbound-limits.ts keeps 100, a correction 200). The text's bound fits the longest such
 * name in any script: up to 3 UTF-8 bytes a UTF-16 unit, the rest of the cursor ~100 bytes, 4/3 for
 * base64 (so a cursor the API handed out is never refused for its length).
 */
export const MAX_CURSOR_NAME = 1_000;
const MAX_TEXT = Math.ceil(((MAX_CURSOR_NAME * 3 + 100) * 4) / 3);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** k3's time: microseconds, UTC, years 1..9999 (PostgreSQL's and JavaScript's ranges both hold it). */
const MICROS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})Z$/;
/** k1's and k2's time: a JavaScript Date's toISOString. */
const MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Half of a UTF-16 pair alone: not text PostgreSQL can store. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function encodeContactCursor(cursor: ContactCursor): string {
  return Buffer.from(JSON.stringify(['k3', cursor.sort, cursor.order, cursor.value, cursor.id])).toString(
    'base64url',
  );
}

/**
 * The cursor a request carries, or undefined (the request's 400) when it is not one this API handed
 * out: anything else in it would reach PostgreSQL as a parameter it rejects (a 500), or as an offset.
 */
export function decodeContactCursor(text: string): ContactCursor | undefined {
  if (text.length > MAX_TEXT || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const [version, sort, order, value, id, seen] = parsed as unknown[];
  const known =
    (version === 'k3' && parsed.length === 5) ||
    (version === 'k2' && parsed.length === 6 && Number.isSafeInteger(seen) && (seen as number) >= 0) ||
    (version === 'k1' && parsed.length === 5);
  // k2's count of rows passed over is no longer used: any count a k2 cursor could carry is read.
  if (!known) return undefined;
  if (!(CONTACT_SORTS as readonly unknown[]).includes(sort)) return undefined;
  if (order !== 'asc' && order !== 'desc') return undefined;
  if (typeof id !== 'string' || !UUID.test(id)) return undefined;
  if (value === null) return { sort: sort as ContactSort, order, value, id };
  if (typeof value !== 'string') return undefined;
  if (sort === 'name') return validName(value) ? { sort, order, value, id } : undefined;
  if (version === 'k3')
    return validMicros(value) ? { sort: sort as ContactSort, order, value, id } : undefined;
  return olderTime(sort as ContactSort, order, value);
}

/** A name PostgreSQL takes as text (no NUL, well-formed), of a length a name has. */
function validName(value: string): boolean {
  return value.length <= MAX_CURSOR_NAME && !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

function validMicros(value: string): boolean {
  const match = MICROS.exec(value);
  return match !== null && validMillis(`${match[1]}Z`);
}

/** A real date (round-trip: no 30 February), years 1..9999 (PostgreSQL rejects year 0). */
function validMillis(value: string): boolean {
  if (!MILLIS.test(value) || value.startsWith('0000')) return false;
  const at = new Date(value);
  return !Number.isNaN(at.getTime()) && at.toISOString() === value;
}

/**
 * A k1/k2 time cursor (handed out before k3, still in browsers): its value is a millisecond, perhaps
 * rounded, and `seen` counted rows of it. The nearest keyset that misses nothing starts a millisecond
 * wide of it: newest first before the next millisecond's start, oldest first from the previous one's
 * (with the nil id, every row of that instant is after it). A few rows may show again; none is missed.
 */
function olderTime(sort: ContactSort, order: SortOrder, value: string): ContactCursor | undefined {
  if (!validMillis(value)) return undefined;
  const at = new Date(new Date(value).getTime() + (order === 'desc' ? 1 : -1));
  const iso = at.toISOString();
  if (!validMillis(iso)) return undefined;
  return { sort, order, value: `${iso.slice(0, -1)}000Z`, id: NIL_UUID };
}

/**
 * Where contacts without the sorted value go: those without a name after the named (A→Z), those who
 * never wrote after those who did (newest first); the other direction reverses it, so that both
 * directions are one scan of the sort's index, forwards or backwards.
 */
export function nullsFirst(sort: ContactSort, order: SortOrder): boolean {
  return sort === 'name' ? order === 'desc' : order === 'asc';
}

/** The sort's columns in contact-keys.ts's statement (c: contacts, a: contact_activity). */
export const SORT_COLUMNS: Record<ContactSort, { value: string; id: string; type: string }> = {
  created: { value: 'c.created_at', id: 'c.id', type: 'timestamptz' },
  name: { value: 'c.name', id: 'c.id', type: 'text' },
  last_message: { value: 'a.last_inbound_at', id: 'a.contact_id', type: 'timestamptz' },
};

/** The ORDER BY of the sort (ties broken by id), as its index reads it forwards or backwards. */
export function orderSql(sort: ContactSort, order: SortOrder): Prisma.Sql {
  const { value, id } = SORT_COLUMNS[sort];
  const direction = order === 'desc' ? 'DESC' : 'ASC';
  const nulls = sort === 'created' ? '' : nullsFirst(sort, order) ? ' NULLS FIRST' : ' NULLS LAST';
  return Prisma.raw(`${value} ${direction}${nulls}, ${id} ${direction}`);
}

/**
 * The rows after the cursor's row, in the same order, as one or two ranges of the sort's index read one
 * after the other (pageThrough); each is an index condition. The rows with a value: the row comparison
 * `(value, id) < (cursor's value, cursor's id)` (newest first; `>` oldest first), which PostgreSQL
 * reads as a bound of the (tenant_id, value, id) index; the value at the microsecond, so the keyset is
 * exact (issue 21, eleventh round). The rows without a value are a range of their own (`IS NULL AND
 * id beyond`), read when the page runs into them.
 */
export function afterCursor(cursor: ContactCursor): Prisma.Sql[] {
  const { value: column, id: idColumn, type } = SORT_COLUMNS[cursor.sort];
  const beyond = Prisma.raw(cursor.order === 'desc' ? '<' : '>');
  const value = Prisma.raw(column);
  const idOf = Prisma.raw(idColumn);
  const first = cursor.sort !== 'created' && nullsFirst(cursor.sort, cursor.order);
  if (cursor.value === null) {
    // The cursor row had no value: after it come the other rows without one, then (nulls first) the rest.
    const rest = Prisma.sql`${value} IS NULL AND ${idOf} ${beyond} ${cursor.id}::uuid`;
    return first ? [rest, Prisma.sql`${value} IS NOT NULL`] : [rest];
  }
  const valued = Prisma.sql`(${value}, ${idOf}) ${beyond} (${cursor.value}::${Prisma.raw(type)}, ${cursor.id}::uuid)`;
  // created_at has a value in every row; the others' rows without one come last here (or came first).
  return cursor.sort === 'created' || first ? [valued] : [valued, Prisma.sql`${value} IS NULL`];
}

/** Where to start without a cursor: the index's start. */
export const FROM_START: readonly Prisma.Sql[] = [Prisma.sql`TRUE`];

/**
 * A page read part by part (afterCursor's parts, in order): the next part only while the page is not
 * full, so a page's keys cost one statement unless it crosses into the rows without a value.
 */
export async function pageThrough<T>(
  parts: readonly Prisma.Sql[],
  take: number,
  read: (part: Prisma.Sql, take: number) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = [];
  for (const part of parts) {
    if (rows.length >= take) break;
    rows.push(...(await read(part, take - rows.length)));
  }
  return rows;
}

/** A page's key: the row's id and its sort value as text (a time at the microsecond). */
export interface ContactKey {
  id: string;
  value: string | null;
}

/** The cursor after a page's last row: its exact key. */
export function cursorAfter(sort: ContactSort, order: SortOrder, last: ContactKey): ContactCursor {
  return { sort, order, value: last.value, id: last.id };
}
