import { Body, Controller, Delete, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { notFound } from '../errors/not-found';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { setAiKeySchema, type SetAiKey } from './ai-keys.schema';
import { AiKeysService, isAiKeyProvider, type AiKeyView } from './ai-keys.service';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { aiKeyViewsSchema } from './ai-keys-response.schema';

/** The workspace's AI provider keys (owners and admins); the keys are write-only. */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/settings/ai-keys')
@UseGuards(AuthGuard)
export class AiKeysController {
  constructor(private readonly keys: AiKeysService) {}

  @Get()
  @RequireScopes('workspace:manage')
  @ApiOperation({ summary: 'Which providers have a key of the workspace (never the key itself)' })
  @ApiZodResponse(200, aiKeyViewsSchema)
  list(@Tenant() principal: Principal): Promise<AiKeyView[]> {
    return this.keys.list(principal);
  }

  @Put(':provider')
  @RequireScopes('workspace:manage')
  @ApiOperation({ summary: "Sets or replaces the workspace's openai or gemini key (sealed), and its model" })
  @ApiZodBody(setAiKeySchema)
  @ApiZodResponse(200, aiKeyViewsSchema, 'Every provider, after the change')
  set(
    @Tenant() principal: Principal,
    @Param('provider') provider: string,
    @Body(new ZodValidationPipe(setAiKeySchema, 'body')) body: SetAiKey,
  ): Promise<AiKeyView[]> {
    if (!isAiKeyProvider(provider)) throw notFound('AI provider', provider);
    return this.keys.set(principal, provider, body);
  }

  @Delete(':provider')
  @RequireScopes('workspace:manage')
  @ApiOperation({ summary: "Removes the workspace's key (AI steps fall back on the server's, if any)" })
  @ApiZodResponse(200, aiKeyViewsSchema, 'Every provider, after the change')
  remove(@Tenant() principal: Principal, @Param('provider') provider: string): Promise<AiKeyView[]> {
    if (!isAiKeyProvider(provider)) throw notFound('AI provider', provider);
    return this.keys.remove(principal, provider);
  }
}
