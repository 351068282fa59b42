import { Prisma, type TenantTransaction } from '@leadline/database';
import { compileSegment } from './compile-segment';
import { segmentFilterSchema, type SegmentFilter } from './segment-filter';

/** Who a campaign goes to: contacts carrying any of the tags, or a saved segment's filter. */
export type Audience = { tags: string[] } | { filter: SegmentFilter };

export function audienceWhere(audience: Audience, now: Date): Prisma.Sql {
  if ('tags' in audience) return Prisma.sql`(c.tags && ${audience.tags}::text[])`;
  return compileSegment(audience.filter, now);
}

/** How many contacts match (the live count while a segment or a campaign's audience is edited). */
export async function countAudience(tx: TenantTransaction, audience: Audience, now: Date): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM contacts c WHERE ${audienceWhere(audience, now)}`;
  return row?.n ?? 0;
}

/** A few matching contacts, for a preview beside the count. */
export function sampleAudience(tx: TenantTransaction, audience: Audience, now: Date, limit = 5) {
  return tx.$queryRaw<
    Array<{ id: string; phone: string; name: string | null; fields: Record<string, unknown> }>
  >`
    SELECT id, phone, name, fields FROM contacts c WHERE ${audienceWhere(audience, now)}
    ORDER BY c.created_at DESC, c.id LIMIT ${limit}`;
}

/** A stored segment's filter, parsed again: the JSON column is only trusted through its schema. */
export async function segmentAudience(
  tx: TenantTransaction,
  segmentId: string,
): Promise<Audience | undefined> {
  const segment = await tx.segment.findUnique({ where: { id: segmentId }, select: { filter: true } });
  if (!segment) return undefined;
  return { filter: segmentFilterSchema.parse(segment.filter) };
}
