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

/** Where the last row of a page was in the sort: its sort value and id (keyset, not an offset). */
export interface ContactCursor {
  sort: ContactSort;
  order: SortOrder;
  value: string | null;
  id: string;
}

export function encodeContactCursor(cursor: ContactCursor): string {
  return Buffer.from(JSON.stringify(['k1', cursor.sort, cursor.order, cursor.value, cursor.id])).toString(
    'base64url',
  );
}

export function decodeContactCursor(text: string): ContactCursor | undefined {
  if (text.length > 600 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 5 || parsed[0] !== 'k1') return undefined;
    const [, sort, order, value, id] = parsed as unknown[];
    if (!(CONTACT_SORTS as readonly unknown[]).includes(sort)) return undefined;
    if (order !== 'asc' && order !== 'desc') return undefined;
    if (value !== null && typeof value !== 'string') return undefined;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    return { sort: sort as ContactSort, order, value, id };
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

/** The rows after the cursor's row, in the same order (ties broken by id). */
export function afterCursor(cursor: ContactCursor): Prisma.ContactWhereInput {
  return keysetAfter(cursor, 'id') as Prisma.ContactWhereInput;
}

/** afterCursor for the "last message" sort, on contact_activity (its id is the contact's). */
export function afterActivityCursor(cursor: ContactCursor): Prisma.ContactActivityWhereInput {
  return keysetAfter(cursor, 'contactId') as Prisma.ContactActivityWhereInput;
}

/** contactOrderBy for the "last message" sort, on contact_activity's index. */
export function activityOrderBy(order: SortOrder): Prisma.ContactActivityOrderByWithRelationInput[] {
  const nulls = nullsFirst('last_message', order) ? 'first' : 'last';
  return [{ lastInboundAt: { sort: order, nulls } }, { contactId: order }];
}

function keysetAfter(cursor: ContactCursor, idColumn: 'id' | 'contactId'): Record<string, unknown> {
  const column = COLUMN[cursor.sort];
  const beyond = cursor.order === 'desc' ? 'lt' : 'gt';
  const idBeyond = { [idColumn]: { [beyond]: cursor.id } };
  if (column === 'createdAt') {
    const at = new Date(cursor.value ?? 0);
    return { OR: [{ createdAt: { [beyond]: at } }, { createdAt: at, ...idBeyond }] };
  }
  const value = column === 'lastInboundAt' && cursor.value !== null ? new Date(cursor.value) : cursor.value;
  if (value === null) {
    // The cursor row had no value: after it come the other rows without one, then (nulls first) the rest.
    return nullsFirst(cursor.sort, cursor.order)
      ? { OR: [{ [column]: null, ...idBeyond }, { [column]: { not: null } }] }
      : { [column]: null, ...idBeyond };
  }
  return {
    OR: [
      { [column]: { [beyond]: value } },
      { [column]: value, ...idBeyond },
      ...(nullsFirst(cursor.sort, cursor.order) ? [] : [{ [column]: null }]),
    ],
  };
}

export function cursorValue(
  sort: ContactSort,
  row: { createdAt: Date; name: string | null; lastInboundAt: Date | null },
): string | null {
  const value = row[COLUMN[sort]];
  return value instanceof Date ? value.toISOString() : value;
}
