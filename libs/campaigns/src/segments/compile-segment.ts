import { Prisma } from '@leadline/database';
import type { SegmentFilter } from './segment-filter';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The WHERE clause of a segment over `contacts c`. Every value the user chose (tags, field keys and
 * values, flow keys, dates) is a bound parameter; only the shape of the clause comes from the filter.
 * Tenancy is not in the clause: the caller runs it inside withTenant, where row-level security hides
 * every other workspace's rows.
 */
export function compileSegment(filter: SegmentFilter, now: Date): Prisma.Sql {
  if ('all' in filter) {
    return filter.all.length
      ? Prisma.sql`(${Prisma.join(
          filter.all.map((f) => compileSegment(f, now)),
          ' AND ',
        )})`
      : Prisma.sql`TRUE`;
  }
  if ('any' in filter) {
    return filter.any.length
      ? Prisma.sql`(${Prisma.join(
          filter.any.map((f) => compileSegment(f, now)),
          ' OR ',
        )})`
      : Prisma.sql`FALSE`;
  }
  if ('not' in filter) return Prisma.sql`NOT COALESCE(${compileSegment(filter.not, now)}, FALSE)`;
  switch (filter.kind) {
    case 'tag':
      return filter.op === 'has'
        ? Prisma.sql`(${filter.tag} = ANY(c.tags))`
        : Prisma.sql`(NOT (${filter.tag} = ANY(c.tags)))`;
    case 'stage': {
      // The pipeline stage (the board's, a table) by name ignoring case, as a flow's crm step names
      // it; a contact in no stage yet still matches a `stage` custom field (a CSV column "Stage").
      if (filter.op === 'none') return Prisma.sql`(c.stage_id IS NULL)`;
      const stage = filter.stage ?? '';
      const is = Prisma.sql`(EXISTS (SELECT 1 FROM pipeline_stages s WHERE s.id = c.stage_id AND lower(s.name) = lower(${stage}))
        OR (c.stage_id IS NULL AND lower(c.fields->>'stage') = lower(${stage})))`;
      return filter.op === 'is' ? is : Prisma.sql`(NOT COALESCE(${is}, FALSE))`;
    }
    case 'field': {
      const value = filter.value ?? '';
      switch (filter.op) {
        case 'equals':
          return Prisma.sql`(c.fields->>${filter.key} = ${value})`;
        case 'not_equals':
          return Prisma.sql`(c.fields->>${filter.key} IS DISTINCT FROM ${value})`;
        case 'contains':
          return Prisma.sql`(strpos(lower(c.fields->>${filter.key}), lower(${value})) > 0)`;
        case 'exists':
          return Prisma.sql`(c.fields ? ${filter.key})`;
        case 'missing':
          return Prisma.sql`(NOT (c.fields ? ${filter.key}))`;
      }
      break;
    }
    case 'opt_in':
      return Prisma.sql`(c.opt_in_state::text = ${filter.state})`;
    case 'last_inbound':
      return timeCondition(Prisma.sql`c.last_inbound_at`, filter.op, filter.days, now);
    case 'last_outbound':
      return timeCondition(
        Prisma.sql`(SELECT max(m.created_at) FROM messages m WHERE m.contact_id = c.id AND m.direction = 'out')`,
        filter.op,
        filter.days,
        now,
      );
    case 'flow_outcome': {
      const runs = Prisma.sql`flow_runs r JOIN flows f ON f.id = r.flow_id WHERE r.contact_id = c.id AND f.key = ${filter.flowKey}`;
      if (filter.outcome === 'never_started') return Prisma.sql`(NOT EXISTS (SELECT 1 FROM ${runs}))`;
      if (filter.outcome === 'active') {
        return Prisma.sql`(EXISTS (SELECT 1 FROM ${runs} AND r.status IN ('running', 'waiting')))`;
      }
      return Prisma.sql`(EXISTS (SELECT 1 FROM ${runs} AND r.status::text = ${filter.outcome}))`;
    }
  }
  throw new Error('unknown segment condition');
}

function timeCondition(
  column: Prisma.Sql,
  op: 'within' | 'before' | 'never',
  days: number | undefined,
  now: Date,
) {
  if (op === 'never') return Prisma.sql`(${column} IS NULL)`;
  const since = new Date(now.getTime() - (days ?? 30) * DAY_MS);
  return op === 'within'
    ? Prisma.sql`(${column} >= ${since}::timestamptz)`
    : Prisma.sql`(${column} < ${since}::timestamptz)`;
}
