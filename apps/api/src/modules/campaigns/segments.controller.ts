import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ConflictException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  countAudience,
  MAX_SEGMENT_DEPTH,
  segmentDepth,
  type SegmentFilter,
  type SegmentInput,
} from '@leadline/campaigns';
import { isUuid, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { validationError, ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { countSegmentSchema, segmentSchema } from './campaigns.schema';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { segmentCountSchema, segmentListSchema, segmentViewSchema } from './campaigns-response.schema';

const SEGMENT_VIEW = { id: true, name: true, filter: true, createdAt: true, updatedAt: true } as const;

function checkDepth(filter: SegmentFilter): void {
  if (segmentDepth(filter) > MAX_SEGMENT_DEPTH) {
    throw validationError([`filter: nests deeper than ${MAX_SEGMENT_DEPTH} levels`]);
  }
}

function duplicateName(error: unknown, name: string): unknown {
  return (error as { code?: string }).code === 'P2002'
    ? new ConflictException({ code: 'SEGMENT_NAME_TAKEN', message: `A segment named "${name}" exists.` })
    : error;
}

/** Saved filters over contacts, and the live count while one is edited. */
@ApiTags('segments')
@ApiBearerAuth()
@Controller('api/segments')
@UseGuards(AuthGuard)
export class SegmentsController {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  @Get()
  @RequireScopes('contacts:read')
  @ApiOperation({ summary: 'Saved segments, by name, each with how many contacts it matches now' })
  @ApiZodResponse(200, segmentListSchema)
  list(@Tenant() principal: Principal) {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const segments = await tx.segment.findMany({ orderBy: { name: 'asc' }, select: SEGMENT_VIEW });
      const now = new Date();
      const items = [];
      for (const segment of segments) {
        items.push({
          ...segment,
          count: await countAudience(tx, { filter: segment.filter as SegmentFilter }, now),
        });
      }
      return { items };
    });
  }

  @Post('count')
  @HttpCode(200)
  @RequireScopes('contacts:read')
  @ApiOperation({ summary: 'How many contacts a filter matches (live count while editing)' })
  @ApiZodBody(countSegmentSchema)
  @ApiZodResponse(200, segmentCountSchema)
  count(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(countSegmentSchema, 'body')) body: { filter: SegmentFilter },
  ) {
    checkDepth(body.filter);
    return withTenant(this.prisma, principal.tenantId, async (tx) => ({
      count: await countAudience(tx, { filter: body.filter }, new Date()),
    }));
  }

  @Post()
  @RequireScopes('campaigns:write')
  @ApiZodBody(segmentSchema)
  @ApiZodResponse(201, segmentViewSchema)
  @ApiErrors(409, ['SEGMENT_NAME_TAKEN'])
  async create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(segmentSchema, 'body')) body: SegmentInput,
  ) {
    checkDepth(body.filter);
    try {
      return await withTenant(this.prisma, principal.tenantId, (tx) =>
        tx.segment.create({
          data: {
            tenantId: principal.tenantId,
            name: body.name,
            filter: body.filter as Prisma.InputJsonObject,
          },
          select: SEGMENT_VIEW,
        }),
      );
    } catch (error) {
      throw duplicateName(error, body.name);
    }
  }

  @Put(':id')
  @RequireScopes('campaigns:write')
  @ApiZodBody(segmentSchema)
  @ApiZodResponse(200, segmentViewSchema)
  @ApiErrors(409, ['SEGMENT_NAME_TAKEN'])
  async update(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(segmentSchema, 'body')) body: SegmentInput,
  ) {
    if (!isUuid(id)) throw notFound('segment', id);
    checkDepth(body.filter);
    try {
      const updated = await withTenant(this.prisma, principal.tenantId, async (tx) => {
        const found = await tx.segment.updateMany({
          where: { id },
          data: { name: body.name, filter: body.filter as Prisma.InputJsonObject },
        });
        return found.count ? tx.segment.findUnique({ where: { id }, select: SEGMENT_VIEW }) : null;
      });
      if (!updated) throw notFound('segment', id);
      return updated;
    } catch (error) {
      throw duplicateName(error, body.name);
    }
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('campaigns:write')
  async remove(@Tenant() principal: Principal, @Param('id') id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('segment', id);
    const deleted = await withTenant(this.prisma, principal.tenantId, (tx) =>
      tx.segment.deleteMany({ where: { id } }),
    );
    if (!deleted.count) throw notFound('segment', id);
  }
}
