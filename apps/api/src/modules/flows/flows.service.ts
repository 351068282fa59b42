import { Injectable } from '@nestjs/common';
import {
  escapeLikePattern,
  isUuid,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
  type TenantTransaction,
} from '@leadline/database';
import {
  flowSizeProblem,
  hasErrors,
  sharedKeywords,
  validateFlow,
  type Diagnostic,
  type Flow,
} from '@leadline/flow-core';
import type { ActivityRegistry } from '@leadline/activity-sdk';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectActivityRegistry } from '../activities/activity-registry.token';
import { InjectPrisma } from '@leadline/bootstrap';
import { workspaceTimeZone } from '@leadline/campaigns';
import type { Clock } from '@leadline/engine';
import { InjectClock } from '../clock/clock.module';
import { resolvePeriod } from './analytics-period';
import type { FlowAnalytics } from './flow-analytics';
import { readFlowAnalytics } from './flow-analytics.query';
import { diffFlows, type FlowDiff } from './flow-diff';
import {
  draftConflict,
  flowHasErrors,
  flowKeyTaken,
  flowNotFound,
  flowTooLarge,
  versionNotFound,
} from './flow-errors';
import type { AnalyticsQuery, DiffSide, DuplicateBody } from './flows-request.schema';

export interface FlowSummary {
  id: string;
  key: string;
  name: string;
  activeVersion: number | null;
  archived: boolean;
  updatedAt: string;
  /** The draft's revision, bumped by each save (see saveDraft's baseRevision). */
  revision: number;
}

export interface FlowDetail extends FlowSummary {
  draft: unknown;
  active: { id: string; version: number; publishedAt: string; definition: unknown } | null;
  /** True when the draft differs from the published version in anything but layout. */
  unpublishedChanges: boolean;
}

export interface VersionSummary {
  id: string;
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  active: boolean;
}

/** Another live flow whose trigger answers to some of the same keywords as this flow's draft. */
export interface KeywordConflict {
  flowId: string;
  key: string;
  name: string;
  keywords: string[];
}

export interface PublishOutcome {
  flowId: string;
  versionId: string;
  version: number;
  created: boolean;
  diagnostics: Diagnostic[];
}

type FlowRow = Prisma.FlowGetPayload<{ include: { activeVersion: true } }>;

function json(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

function summary(row: FlowRow): FlowSummary {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    activeVersion: row.activeVersion?.version ?? null,
    archived: row.archivedAt !== null,
    updatedAt: row.updatedAt.toISOString(),
    revision: row.draftRevision,
  };
}

/** The editor's flows: drafts, immutable published versions, diffs and per-node analytics. */
/** 413 FLOW_TOO_LARGE past MAX_FLOW_NODES / MAX_FLOW_BYTES (libs/flow-core flow-size.ts). */
function refuseOversized(document: unknown): void {
  const problem = flowSizeProblem(document);
  if (problem) throw flowTooLarge(problem);
}

@Injectable()
export class FlowsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    @InjectActivityRegistry() private readonly activities: ActivityRegistry,
    @InjectClock() private readonly clock: Clock,
  ) {}

  list(tenantId: string, includeArchived: boolean): Promise<FlowSummary[]> {
    return withTenant(this.prisma, tenantId, async (tx) => {
      const rows = await tx.flow.findMany({
        where: includeArchived ? {} : { archivedAt: null },
        include: { activeVersion: true },
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      });
      return rows.map(summary);
    });
  }

  get(tenantId: string, flowId: string): Promise<FlowDetail> {
    return withTenant(this.prisma, tenantId, async (tx) => this.detail(await this.find(tx, flowId)));
  }

  create(tenantId: string, document: { id: string; name: string }): Promise<FlowDetail> {
    refuseOversized(document);
    return withTenant(this.prisma, tenantId, async (tx) => {
      if (await tx.flow.findFirst({ where: { key: document.id }, select: { id: true } })) {
        throw flowKeyTaken(document.id);
      }
      const row = await tx.flow.create({
        data: { tenantId, key: document.id, name: document.name, draft: json(document) },
        include: { activeVersion: true },
      });
      return this.detail(row);
    });
  }

  /**
   * Saves the draft. With `baseRevision`, only over that revision: the update is conditional on it in
   * one statement, so two saves from the same stale copy cannot both win (409 DRAFT_CONFLICT).
   * The document id is the flow's key, which runs and leads refer to: it may change only while the
   * flow has never been published (the editor derives it from the name until then).
   */
  saveDraft(
    tenantId: string,
    flowId: string,
    document: { id: string; name: string },
    baseRevision?: number,
  ): Promise<FlowDetail> {
    refuseOversized(document);
    return withTenant(this.prisma, tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      if (baseRevision !== undefined && baseRevision !== flow.draftRevision) {
        throw draftConflict();
      }
      let key = flow.key;
      if (document.id !== flow.key && !(await tx.flowVersion.count({ where: { flowId: flow.id } }))) {
        if (await tx.flow.findFirst({ where: { key: document.id }, select: { id: true } })) {
          throw flowKeyTaken(document.id);
        }
        key = document.id;
      }
      const draft = { ...document, id: key };
      const updated = await tx.flow.updateMany({
        where: { id: flow.id, draftRevision: flow.draftRevision },
        data: { draft: json(draft), name: document.name, key, draftRevision: { increment: 1 } },
      });
      if (updated.count === 0) {
        throw draftConflict();
      }
      return this.detail(await this.find(tx, flowId));
    });
  }

  duplicate(tenantId: string, flowId: string, body: DuplicateBody): Promise<FlowDetail> {
    return withTenant(this.prisma, tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      const key = body.key ?? (await this.freeKey(tx, `${flow.key.slice(0, 56)}-copy`));
      if (await tx.flow.findFirst({ where: { key }, select: { id: true } })) throw flowKeyTaken(key);
      const name = body.name ?? `${flow.name} (copy)`;
      const draft = { ...(flow.draft as Record<string, unknown>), id: key, name };
      const row = await tx.flow.create({
        data: { tenantId, key, name, draft: json(draft) },
        include: { activeVersion: true },
      });
      return this.detail(row);
    });
  }

  versions(tenantId: string, flowId: string): Promise<VersionSummary[]> {
    return withTenant(this.prisma, tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      const rows = await tx.flowVersion.findMany({
        where: { flowId: flow.id },
        orderBy: { version: 'desc' },
        select: { id: true, version: true, publishedAt: true, publishedBy: true },
      });
      return rows.map((row) => ({
        id: row.id,
        version: row.version,
        publishedAt: row.publishedAt.toISOString(),
        publishedBy: row.publishedBy,
        active: row.id === flow.activeVersionId,
      }));
    });
  }

  version(
    tenantId: string,
    flowId: string,
    version: number,
  ): Promise<VersionSummary & { definition: unknown }> {
    return withTenant(this.prisma, tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      const row = await tx.flowVersion.findUnique({
        where: { flowId_version: { flowId: flow.id, version } },
      });
      if (!row) throw versionNotFound(flowId, String(version));
      return {
        id: row.id,
        version: row.version,
        publishedAt: row.publishedAt.toISOString(),
        publishedBy: row.publishedBy,
        active: row.id === flow.activeVersionId,
        definition: row.definition,
      };
    });
  }

  diff(tenantId: string, flowId: string, from: DiffSide, to: DiffSide): Promise<FlowDiff> {
    return withTenant(this.prisma, tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      const side = async (which: DiffSide): Promise<unknown> => {
        if (which === 'draft') return flow.draft;
        // Nothing published yet: the draft is all new.
        if (which === 'active') return flow.activeVersion?.definition ?? { nodes: [], edges: [] };
        const row = await tx.flowVersion.findUnique({
          where: { flowId_version: { flowId: flow.id, version: which } },
          select: { definition: true },
        });
        if (!row) throw versionNotFound(flowId, String(which));
        return row.definition;
      };
      return diffFlows(await side(from), await side(to));
    });
  }

  /**
   * The live flows (published, not archived) whose trigger answers to a keyword this flow's draft
   * also uses: shown before publishing, since only one of them can start on that keyword.
   */
  keywordConflicts(tenantId: string, flowId: string): Promise<KeywordConflict[]> {
    return withTenant(this.prisma, tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      const mine = validateFlow(flow.draft).flow;
      if (!mine) return [];
      const others = await tx.flow.findMany({
        where: { id: { not: flow.id }, archivedAt: null, activeVersionId: { not: null } },
        include: { activeVersion: true },
        orderBy: { name: 'asc' },
      });
      return others.flatMap((other) => {
        const theirs = other.activeVersion?.definition as Flow | undefined;
        const keywords = theirs?.nodes ? sharedKeywords(mine, theirs) : [];
        return keywords.length ? [{ flowId: other.id, key: other.key, name: other.name, keywords }] : [];
      });
    });
  }

  /**
   * Publishes the saved draft as a new immutable version; a draft with errors is refused (422). The
   * audit row commits with the version, or neither does.
   */
  publish(principal: Principal, flowId: string): Promise<PublishOutcome> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      // Drafts saved before the limit existed are held to it here.
      refuseOversized(flow.draft);
      // An activity node naming an activity this server does not run is an error (UNKNOWN_ACTIVITY).
      const { diagnostics } = validateFlow(flow.draft, { activities: this.activities.names() });
      if (hasErrors(diagnostics)) throw flowHasErrors(diagnostics);
      const result = await publishFlowVersion(tx, {
        tenantId: principal.tenantId,
        key: flow.key,
        name: flow.name,
        definition: json(flow.draft),
        ...(principal.userId && isUuid(principal.userId) ? { publishedBy: principal.userId } : {}),
      });
      if (result.created) {
        await this.audit.record(tx, principal, {
          action: 'flow.published',
          targetType: 'flow',
          targetId: flow.id,
          data: { key: flow.key, version: result.version, versionId: result.versionId },
        });
      }
      return { ...result, diagnostics };
    });
  }

  archive(principal: Principal, flowId: string, archived: boolean): Promise<FlowDetail> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      await this.audit.record(tx, principal, {
        action: archived ? 'flow.archived' : 'flow.unarchived',
        targetType: 'flow',
        targetId: flow.id,
        data: { key: flow.key },
      });
      const row = await tx.flow.update({
        where: { id: flow.id },
        data: { archivedAt: archived ? (flow.archivedAt ?? new Date()) : null },
        include: { activeVersion: true },
      });
      return this.detail(row);
    });
  }

  /**
   * One version (the active one by default) over a period in the workspace's time zone: how the runs
   * that started then ended or stand, and per step how many reached it, left by each exit, wait there,
   * dropped there, and chose each button.
   */
  analytics(tenantId: string, flowId: string, query: AnalyticsQuery): Promise<FlowAnalytics> {
    return withTenant(this.prisma, tenantId, async (tx) => {
      const flow = await this.find(tx, flowId);
      const version = query.version;
      const row =
        version === undefined
          ? flow.activeVersion
          : await tx.flowVersion.findUnique({ where: { flowId_version: { flowId: flow.id, version } } });
      if (!row) throw versionNotFound(flowId, version === undefined ? 'active' : String(version));
      const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } });
      const now = this.clock.now();
      return readFlowAnalytics(tx, {
        flowId: flow.id,
        version: row,
        period: resolvePeriod({ ...query, preset: query.period }, now, workspaceTimeZone(tenant?.settings)),
        idleHours: query.idleHours,
        now,
      });
    });
  }

  private async find(tx: TenantTransaction, flowId: string): Promise<FlowRow> {
    const row = isUuid(flowId)
      ? await tx.flow.findUnique({ where: { id: flowId }, include: { activeVersion: true } })
      : null;
    if (!row) throw flowNotFound(flowId);
    return row;
  }

  private async freeKey(tx: TenantTransaction, base: string): Promise<string> {
    const taken = new Set(
      (
        await tx.flow.findMany({
          where: { key: { startsWith: escapeLikePattern(base) } },
          select: { key: true },
        })
      ).map((row) => row.key),
    );
    let key = base;
    for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
    return key;
  }

  private detail(row: FlowRow): FlowDetail {
    const active = row.activeVersion;
    return {
      ...summary(row),
      draft: row.draft,
      active: active
        ? {
            id: active.id,
            version: active.version,
            publishedAt: active.publishedAt.toISOString(),
            definition: active.definition,
          }
        : null,
      unpublishedChanges: active ? !diffFlows(active.definition, row.draft).same : true,
    };
  }
}
