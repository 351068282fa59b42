import { escapeLikePattern, Prisma, type TenantTransaction } from '@leadline/database';
import {
  afterCursor,
  FROM_START,
  orderSql,
  pageThrough,
  SORT_COLUMNS,
  type ContactKey,
  type ContactSort,
  type SortOrder,
} from './contact-cursor';
import type { ListContacts } from './contacts.schema';

const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_MESSAGE_WINDOW: Record<string, number> = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS };

/**
 * The table's filters on contacts (alias c), as SQL: tag, opt-in, stage, last message, custom field,
 * text. Every value is a parameter.
 */
export function contactConditions(query: ListContacts, now: Date): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.tag) where.push(Prisma.sql`c.tags @> ARRAY[${query.tag}]::text[]`);
  if (query.optIn) where.push(Prisma.sql`c.opt_in_state = ${query.optIn}::opt_in_state`);
  if (query.stage)
    where.push(
      query.stage === 'none' ? Prisma.sql`c.stage_id IS NULL` : Prisma.sql`c.stage_id = ${query.stage}::uuid`,
    );
  if (query.lastMessage === 'never') where.push(Prisma.sql`c.last_inbound_at IS NULL`);
  else if (query.lastMessage === 'older')
    where.push(
      Prisma.sql`c.last_inbound_at < ${new Date(now.getTime() - 30 * DAY_MS).toISOString()}::timestamptz`,
    );
  else if (query.lastMessage) {
    const since = new Date(now.getTime() - LAST_MESSAGE_WINDOW[query.lastMessage]).toISOString();
    where.push(Prisma.sql`c.last_inbound_at >= ${since}::timestamptz`);
  }
  if (query.field) {
    where.push(
      query.value !== undefined
        ? Prisma.sql`c.fields -> ${query.field}::text = to_jsonb(${query.value}::text)`
        : // Present and not JSON null.
          Prisma.sql`(c.fields -> ${query.field}::text) IS NOT NULL AND (c.fields -> ${query.field}::text) <> 'null'::jsonb`,
    );
  }
  if (query.q) {
    // What people type is text, not a pattern: % and _ are matched literally (LIKE's escape is \).
    const digits = escapeLikePattern(query.q.replace(/[\s\-().]/g, ''));
    const name = Prisma.sql`c.name ILIKE ${`%${escapeLikePattern(query.q)}%`}`;
    where.push(digits ? Prisma.sql`(c.phone LIKE ${`%${digits}%`} OR ${name})` : name);
  }
  return where;
}

/**
 * One page's keys (id and sort value, a time as text at the microsecond) in the page's order: a scan
 * of the sort's index from the cursor's (value, id) on, the filters applied to each row, one statement
 * per range (afterCursor), every statement naming its tenant. The "last message" sort scans
 * contact_activity's index (the sort key's copy, one row per contact) and joins the contact only when
 * there are filters, so the plain sort stays a scan of the index that stops after the page.
 */
export async function contactKeys(
  tx: TenantTransaction,
  tenantId: string,
  query: ListContacts & { sort: ContactSort; order: SortOrder },
  take: number,
  now: Date,
): Promise<ContactKey[]> {
  // The cursor's parts are built for its own sort, FROM and ORDER BY for the query's: the request
  // schema keeps them equal (a cursor of another sort is a 400); a caller that skipped it must not
  // reach PostgreSQL with a comparison of the wrong column.
  if (query.cursor && (query.cursor.sort !== query.sort || query.cursor.order !== query.order))
    throw new Error('contactKeys: the cursor was made for another sort or order');
  const conditions = contactConditions(query, now);
  const { value, id } = SORT_COLUMNS[query.sort];
  const text = Prisma.raw(
    query.sort === 'name' ? value : `to_char(${value} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  );
  const from =
    query.sort !== 'last_message'
      ? Prisma.sql`contacts c WHERE c.tenant_id = ${tenantId}::uuid`
      : conditions.length
        ? Prisma.sql`contact_activity a JOIN contacts c ON c.tenant_id = a.tenant_id AND c.id = a.contact_id
            WHERE a.tenant_id = ${tenantId}::uuid AND c.tenant_id = ${tenantId}::uuid`
        : Prisma.sql`contact_activity a WHERE a.tenant_id = ${tenantId}::uuid`;
  const filters = conditions.length ? Prisma.sql` AND ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  return pageThrough(
    query.cursor ? afterCursor(query.cursor) : FROM_START,
    take,
    (part, rest) =>
      tx.$queryRaw<ContactKey[]>`
      SELECT ${Prisma.raw(id)}::text AS id, ${text} AS value
      FROM ${from}${filters} AND ${part}
      ORDER BY ${orderSql(query.sort, query.order)}
      LIMIT ${rest}`,
  );
}
