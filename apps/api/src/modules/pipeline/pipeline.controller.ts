import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import {
  boardQuerySchema,
  createStageSchema,
  moveContactSchema,
  reorderStagesSchema,
  updateStageSchema,
  type BoardQuery,
  type CreateStage,
  type MoveContact,
  type ReorderStages,
  type UpdateStage,
} from './pipeline.schema';
import {
  PipelineService,
  type BoardColumn,
  type MoveResult,
  type StageChangeView,
  type StageView,
} from './pipeline.service';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import {
  boardColumnSchema,
  moveResultSchema,
  stageChangeViewSchema,
  stageViewSchema,
} from './pipeline-response.schema';
import { z } from 'zod';

@ApiTags('pipeline')
@ApiBearerAuth()
@Controller('api')
@UseGuards(AuthGuard)
export class PipelineController {
  constructor(private readonly pipeline: PipelineService) {}

  @Get('pipeline/stages')
  @RequireScopes('contacts:read')
  @ApiOperation({
    summary: "The workspace's pipeline stages in board order, with how many contacts each holds",
  })
  @ApiZodResponse(200, z.array(stageViewSchema))
  stages(@Tenant() principal: Principal): Promise<StageView[]> {
    return this.pipeline.listStages(principal);
  }

  @Get('pipeline/board')
  @RequireScopes('contacts:read')
  @ApiOperation({ summary: 'Each stage with its most recently moved contacts (?perStage=, default 50)' })
  @ApiZodQuery(boardQuerySchema)
  @ApiZodResponse(200, z.array(boardColumnSchema))
  board(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(boardQuerySchema, 'query')) query: BoardQuery,
  ): Promise<BoardColumn[]> {
    return this.pipeline.board(principal, query);
  }

  @Post('pipeline/stages')
  @RequireScopes('pipeline:manage')
  @ApiOperation({ summary: 'Add a stage (409 STAGE_EXISTS when the name is taken, ignoring case)' })
  @ApiZodBody(createStageSchema)
  @ApiZodResponse(201, stageViewSchema)
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(createStageSchema, 'body')) body: CreateStage,
  ): Promise<StageView> {
    return this.pipeline.createStage(principal, body);
  }

  @Put('pipeline/stages/order')
  @RequireScopes('pipeline:manage')
  @ApiOperation({ summary: "Put the stages in a new order (every stage's id, once)" })
  @ApiZodBody(reorderStagesSchema)
  @ApiZodResponse(200, z.array(stageViewSchema))
  reorder(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(reorderStagesSchema, 'body')) body: ReorderStages,
  ): Promise<StageView[]> {
    return this.pipeline.reorder(principal, body);
  }

  @Patch('pipeline/stages/:id')
  @RequireScopes('pipeline:manage')
  @ApiOperation({ summary: 'Rename a stage, change its colour or the flow it starts' })
  @ApiZodBody(updateStageSchema)
  @ApiZodResponse(200, stageViewSchema)
  update(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(updateStageSchema, 'body')) body: UpdateStage,
  ): Promise<StageView> {
    return this.pipeline.updateStage(principal, id, body);
  }

  @Delete('pipeline/stages/:id')
  @HttpCode(204)
  @RequireScopes('pipeline:manage')
  @ApiOperation({ summary: 'Remove a stage; its contacts leave the pipeline (their history stays)' })
  async remove(@Tenant() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.pipeline.deleteStage(principal, id);
  }

  @Put('contacts/:id/stage')
  @RequireScopes('contacts:write')
  @ApiOperation({
    summary:
      "Move a contact to a stage (null: out of the pipeline); records who and when, and starts the stage's flow",
  })
  @ApiZodBody(moveContactSchema)
  @ApiZodResponse(200, moveResultSchema)
  move(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(moveContactSchema, 'body')) body: MoveContact,
  ): Promise<MoveResult> {
    return this.pipeline.moveContact(principal, id, body);
  }

  @Get('contacts/:id/stage-changes')
  @RequireScopes('contacts:read')
  @ApiOperation({ summary: "The contact's stage history, newest first (the last 100)" })
  @ApiZodResponse(200, z.array(stageChangeViewSchema))
  history(@Tenant() principal: Principal, @Param('id') id: string): Promise<StageChangeView[]> {
    return this.pipeline.history(principal, id);
  }
}
