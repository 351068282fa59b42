import { ConflictException, Injectable, Logger } from '@nestjs/common';
import {
  isUuid,
  moveContactToStage,
  Prisma,
  STAGE_COLOURS,
  withTenant,
  type PrismaClient,
  type StageRef,
  type TenantTransaction,
} from '@leadline/database';
import { NoChannelError, UnknownFlowError, type FlowEngineClient } from '@leadline/engine';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectPrisma } from '@leadline/bootstrap';
import { InjectEngine } from '../engine/engine-client.module';
import { notFound } from '../errors/not-found';
import { validationError } from '../leads/zod-validation.pipe';
import type { BoardQuery, CreateStage, MoveContact, ReorderStages, UpdateStage } from './pipeline.schema';

const STAGE_VIEW = {
  id: true,
  name: true,
  position: true,
  color: true,
  startFlowKey: true,
} satisfies Prisma.PipelineStageSelect;

export type StageView = Prisma.PipelineStageGetPayload<{ select: typeof STAGE_VIEW }> & {
  contacts: number;
  /** The name of the flow the stage starts, as people know it (null: none, or no such flow). */
  startFlowName: string | null;
};

export interface BoardCard {
  id: string;
  name: string | null;
  phone: string;
  tags: string[];
  lastInboundAt: Date | null;
}

export interface BoardColumn extends StageView {
  cards: BoardCard[];
}

export interface StageChangeView {
  id: string;
  from: string | null;
  to: string | null;
  source: string;
  /** The person who moved it (their name or email); null for flows and API keys. */
  by: string | null;
  at: Date;
}

export interface MoveResult {
  contactId: string;
  stage: { id: string; name: string; color: string } | null;
  changed: boolean;
  /** The stage's flow: started, or why not (the move itself stands either way). */
  flow: { key: string; name: string | null; started: boolean; problem?: string } | null;
}

const DEFAULT_PER_STAGE = 50;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

function duplicateName(name: string): ConflictException {
  return new ConflictException({
    code: 'STAGE_EXISTS',
    message: `There is already a stage called "${name}".`,
  });
}

/**
 * The workspace's pipeline: its stages (the board's columns), the board, and moving contacts between
 * stages. A move is recorded (who, when, from, to) in the same transaction, through the same
 * repository function the engine's crm step uses; the stage's flow starts afterwards through the
 * engine's lead API, keyed by the change so that a retry cannot start it twice.
 */
@Injectable()
export class PipelineService {
  private readonly logger = new Logger(PipelineService.name);

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectEngine() private readonly engine: FlowEngineClient,
    private readonly audit: AuditService,
  ) {}

  listStages(principal: Principal): Promise<StageView[]> {
    return withTenant(this.prisma, principal.tenantId, (tx) => this.stages(tx));
  }

  board(principal: Principal, query: BoardQuery): Promise<BoardColumn[]> {
    const perStage = query.perStage ?? DEFAULT_PER_STAGE;
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const stages = await this.stages(tx);
      // One indexed query per column (tenant, stage, updated_at): a board has a handful of stages.
      return Promise.all(
        stages.map(async (stage) => ({
          ...stage,
          cards: await tx.contact.findMany({
            where: { stageId: stage.id },
            select: { id: true, name: true, phone: true, tags: true, lastInboundAt: true },
            orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
            take: perStage,
          }),
        })),
      );
    });
  }

  async createStage(principal: Principal, body: CreateStage): Promise<StageView> {
    try {
      return await withTenant(this.prisma, principal.tenantId, async (tx) => {
        await this.lockStages(tx, principal.tenantId);
        const count = await tx.pipelineStage.count();
        const position = Math.min(body.position ?? count, count);
        await tx.pipelineStage.updateMany({
          where: { position: { gte: position } },
          data: { position: { increment: 1 } },
        });
        const stage = await tx.pipelineStage.create({
          data: {
            tenantId: principal.tenantId,
            name: await this.freeName(tx, body.name),
            position,
            color: body.color ?? STAGE_COLOURS[count % STAGE_COLOURS.length],
            startFlowKey: body.startFlowKey ?? null,
          },
          select: STAGE_VIEW,
        });
        await this.audit.record(tx, principal, {
          action: 'pipeline_stage.created',
          targetType: 'pipeline_stage',
          targetId: stage.id,
        });
        return { ...stage, contacts: 0, startFlowName: await this.flowName(tx, stage.startFlowKey) };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(body.name);
      throw error;
    }
  }

  async updateStage(principal: Principal, id: string, body: UpdateStage): Promise<StageView> {
    if (!isUuid(id)) throw notFound('stage', id);
    try {
      return await withTenant(this.prisma, principal.tenantId, async (tx) => {
        const existing = await tx.pipelineStage.findUnique({ where: { id }, select: { name: true } });
        if (!existing) throw notFound('stage', id);
        const renamed = body.name !== undefined && body.name.toLowerCase() !== existing.name.toLowerCase();
        const stage = await tx.pipelineStage.update({
          where: { id },
          data: {
            ...(body.name !== undefined
              ? { name: renamed ? await this.freeName(tx, body.name) : body.name }
              : {}),
            ...(body.color !== undefined ? { color: body.color } : {}),
            ...(body.startFlowKey !== undefined ? { startFlowKey: body.startFlowKey } : {}),
          },
          select: STAGE_VIEW,
        });
        await this.audit.record(tx, principal, {
          action: 'pipeline_stage.updated',
          targetType: 'pipeline_stage',
          targetId: id,
          data: { changed: Object.keys(body) },
        });
        return {
          ...stage,
          contacts: await tx.contact.count({ where: { stageId: id } }),
          startFlowName: await this.flowName(tx, stage.startFlowKey),
        };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(body.name ?? '');
      throw error;
    }
  }

  /** The stage's contacts leave the pipeline (their history keeps the stage's name). */
  async deleteStage(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('stage', id);
    await withTenant(this.prisma, principal.tenantId, async (tx) => {
      await this.lockStages(tx, principal.tenantId);
      const stage = await tx.pipelineStage.findUnique({ where: { id }, select: { position: true } });
      if (!stage) throw notFound('stage', id);
      await tx.pipelineStage.delete({ where: { id } });
      await tx.pipelineStage.updateMany({
        where: { position: { gt: stage.position } },
        data: { position: { decrement: 1 } },
      });
      await this.audit.record(tx, principal, {
        action: 'pipeline_stage.deleted',
        targetType: 'pipeline_stage',
        targetId: id,
      });
    });
  }

  async reorder(principal: Principal, body: ReorderStages): Promise<StageView[]> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      await this.lockStages(tx, principal.tenantId);
      const existing = await tx.pipelineStage.findMany({ select: { id: true } });
      const given = new Set(body.stageIds.map((id) => id.toLowerCase()));
      if (given.size !== body.stageIds.length || given.size !== existing.length) {
        throw validationError([`stageIds: must list each of the ${existing.length} stages once`]);
      }
      const unknown = existing.filter((stage) => !given.has(stage.id));
      if (unknown.length) throw validationError(['stageIds: must list each stage of this workspace once']);
      await Promise.all(
        body.stageIds.map((id, position) =>
          tx.pipelineStage.update({ where: { id: id.toLowerCase() }, data: { position } }),
        ),
      );
      await this.audit.record(tx, principal, {
        action: 'pipeline_stage.reordered',
        targetType: 'pipeline_stage',
      });
      return this.stages(tx);
    });
  }

  async moveContact(principal: Principal, contactId: string, body: MoveContact): Promise<MoveResult> {
    if (!isUuid(contactId)) throw notFound('contact', contactId);
    if (body.stageId !== null && !isUuid(body.stageId)) throw notFound('stage', body.stageId);
    const moved = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { phone: true } });
      if (!contact) throw notFound('contact', contactId);
      const stage = body.stageId
        ? await tx.pipelineStage.findUnique({
            where: { id: body.stageId },
            select: { id: true, name: true, color: true, startFlowKey: true },
          })
        : null;
      if (body.stageId && !stage) throw notFound('stage', body.stageId);
      const ref: StageRef | null = stage
        ? { id: stage.id, name: stage.name, startFlowKey: stage.startFlowKey }
        : null;
      const change = await moveContactToStage(tx, {
        tenantId: principal.tenantId,
        contactId,
        stage: ref,
        actor: {
          source: principal.kind === 'user' ? 'person' : 'api',
          userId: principal.userId ?? null,
          apiKeyId: principal.apiKeyId ?? null,
        },
      });
      if (change) {
        await this.audit.record(tx, principal, {
          action: 'contact.stage_changed',
          targetType: 'contact',
          targetId: contactId,
          data: { from: change.from?.name ?? null, to: stage?.name ?? null },
        });
      }
      return { contact, stage, change, flowName: await this.flowName(tx, stage?.startFlowKey ?? null) };
    });
    const { stage, change } = moved;
    const result: MoveResult = {
      contactId,
      stage: stage ? { id: stage.id, name: stage.name, color: stage.color } : null,
      changed: change !== null,
      flow: null,
    };
    if (!change || !stage?.startFlowKey || body.startFlow === false) return result;
    result.flow = {
      ...(await this.startStageFlow(principal, stage.startFlowKey, moved.contact.phone, change.changeId)),
      name: moved.flowName,
    };
    return result;
  }

  async history(principal: Principal, contactId: string): Promise<StageChangeView[]> {
    if (!isUuid(contactId)) throw notFound('contact', contactId);
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { id: true } });
      if (!contact) throw notFound('contact', contactId);
      const rows = await tx.contactStageChange.findMany({
        where: { contactId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 100,
        select: {
          id: true,
          fromName: true,
          toName: true,
          source: true,
          createdAt: true,
          actor: { select: { name: true, email: true } },
        },
      });
      return rows.map((row) => ({
        id: row.id,
        from: row.fromName,
        to: row.toName,
        source: row.source,
        by: row.actor ? (row.actor.name ?? row.actor.email) : null,
        at: row.createdAt,
      }));
    });
  }

  /** The stage's flow through the engine's lead API: the same path as POST /api/leads. */
  private async startStageFlow(
    principal: Principal,
    flowKey: string,
    phone: string,
    changeId: string,
  ): Promise<{ key: string; started: boolean; problem?: string }> {
    try {
      await this.engine.submitLead({
        tenantId: principal.tenantId,
        flowKey,
        phone,
        requestKey: `stage-change:${changeId}`,
      });
      return { key: flowKey, started: true };
    } catch (error) {
      if (error instanceof UnknownFlowError || error instanceof NoChannelError) {
        return { key: flowKey, started: false, problem: error.message };
      }
      this.logger.warn(`stage flow ${flowKey} did not start: ${(error as Error).message}`);
      return { key: flowKey, started: false, problem: 'The flow could not be started; try again later.' };
    }
  }

  private async stages(tx: TenantTransaction): Promise<StageView[]> {
    const [stages, counts] = await Promise.all([
      tx.pipelineStage.findMany({ select: STAGE_VIEW, orderBy: [{ position: 'asc' }, { name: 'asc' }] }),
      tx.contact.groupBy({ by: ['stageId'], where: { stageId: { not: null } }, _count: { _all: true } }),
    ]);
    const byStage = new Map(counts.map((row) => [row.stageId, row._count._all]));
    const keys = [...new Set(stages.flatMap((stage) => (stage.startFlowKey ? [stage.startFlowKey] : [])))];
    const flows = keys.length
      ? await tx.flow.findMany({ where: { key: { in: keys } }, select: { key: true, name: true } })
      : [];
    const names = new Map(flows.map((flow) => [flow.key, flow.name]));
    return stages.map((stage) => ({
      ...stage,
      contacts: byStage.get(stage.id) ?? 0,
      startFlowName: stage.startFlowKey ? (names.get(stage.startFlowKey) ?? null) : null,
    }));
  }

  private async flowName(tx: TenantTransaction, key: string | null): Promise<string | null> {
    if (!key) return null;
    const flow = await tx.flow.findFirst({ where: { key }, select: { name: true } });
    return flow?.name ?? null;
  }

  /** Stage edits of one workspace one at a time, so positions stay 0..n-1 without gaps or twins. */
  private async lockStages(tx: TenantTransaction, tenantId: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('pipeline_stages'), hashtext(${tenantId}))`;
  }

  /** Names are unique per workspace ignoring case: "won" and "Won" would be one column twice. */
  private async freeName(tx: TenantTransaction, name: string): Promise<string> {
    const clash = await tx.pipelineStage.findFirst({
      where: { name: { equals: name, mode: 'insensitive' } },
      select: { id: true },
    });
    if (clash) throw duplicateName(name);
    return name;
  }
}
