import { Body, Controller, Delete, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import type { Page } from '../pagination/page';
import {
  createApiKeySchema,
  listApiKeysSchema,
  type CreateApiKey,
  type ListApiKeys,
} from './api-keys.schema';
import { ApiKeysService, type ApiKeyView, type CreatedApiKey } from './api-keys.service';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { apiKeyPageSchema, apiKeyViewSchema, createdApiKeySchema } from './api-keys-response.schema';

@ApiTags('api keys')
@ApiBearerAuth()
@Controller('api/api-keys')
@UseGuards(AuthGuard)
@RequireScopes('apikeys:manage')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: 'List API keys (never the keys themselves); ?revoked=true|false' })
  @ApiZodQuery(listApiKeysSchema)
  @ApiZodResponse(200, apiKeyPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listApiKeysSchema, 'query')) query: ListApiKeys,
  ): Promise<Page<ApiKeyView>> {
    return this.keys.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a scoped key; the key is in this answer only' })
  @ApiZodBody(createApiKeySchema)
  @ApiZodResponse(201, createdApiKeySchema)
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(createApiKeySchema, 'body')) body: CreateApiKey,
  ): Promise<CreatedApiKey> {
    return this.keys.create(principal, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: it stops working at once' })
  @ApiZodResponse(200, apiKeyViewSchema, 'The key, revoked')
  revoke(@Tenant() principal: Principal, @Param('id') id: string): Promise<ApiKeyView> {
    return this.keys.revoke(principal, id);
  }
}
