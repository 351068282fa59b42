import { isDeepStrictEqual } from 'node:util';
import type { Prisma } from '../generated/prisma/client';
import type { TenantTransaction } from '../tenant-scope';

export interface PublishInput {
  tenantId: string;
  /** The flow document's own id (`lead-capture`): one flow per key and tenant. */
  key: string;
  name: string;
  /** The validated flow document. Callers validate it first; the store only keeps versions. */
  definition: Prisma.InputJsonValue;
  publishedBy?: string;
}

export interface PublishResult {
  flowId: string;
  versionId: string;
  version: number;
  /** False when the definition equals the active version: publishing twice makes no new version. */
  created: boolean;
}

/**
 * Stores a new immutable version of a flow and makes it the active one. Runs already started keep the
 * version they started on, because runs point at a version row, never at the flow's draft.
 */
export async function publishFlowVersion(tx: TenantTransaction, input: PublishInput): Promise<PublishResult> {
  const flow = await tx.flow.upsert({
    where: { tenantId_key: { tenantId: input.tenantId, key: input.key } },
    create: { tenantId: input.tenantId, key: input.key, name: input.name, draft: input.definition },
    update: { name: input.name, draft: input.definition, archivedAt: null },
    include: { activeVersion: true },
  });
  if (flow.activeVersion && isDeepStrictEqual(flow.activeVersion.definition, input.definition)) {
    return {
      flowId: flow.id,
      versionId: flow.activeVersion.id,
      version: flow.activeVersion.version,
      created: false,
    };
  }
  const latest = await tx.flowVersion.findFirst({ where: { flowId: flow.id }, orderBy: { version: 'desc' } });
  const version = await tx.flowVersion.create({
    data: {
      tenantId: input.tenantId,
      flowId: flow.id,
      version: (latest?.version ?? 0) + 1,
      definition: input.definition,
      ...(input.publishedBy ? { publishedBy: input.publishedBy } : {}),
    },
  });
  await tx.flow.update({ where: { id: flow.id }, data: { activeVersionId: version.id } });
  return { flowId: flow.id, versionId: version.id, version: version.version, created: true };
}
