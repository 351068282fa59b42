import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActivityManifest, ActivityRegistry } from '@leadline/activity-sdk';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectActivityRegistry } from './activity-registry.token';

/** The editor's palette and property forms come from here: a new activity needs no editor code. */
@ApiTags('activities')
@ApiBearerAuth()
@Controller('api/activities')
@UseGuards(ApiKeyGuard)
export class ActivitiesController {
  private readonly manifest: ActivityManifest;

  constructor(@InjectActivityRegistry() registry: ActivityRegistry) {
    // The registry is fixed at start-up, so its manifest is too.
    this.manifest = registry.manifest();
  }

  @Get()
  @RequireScopes('activities:read')
  @ApiOperation({
    summary: 'The custom activities this server runs',
    description:
      '`{ activities: [{ name, title, description, input, output, secrets, timeoutMs, retry }] }`, sorted by name; ' +
      "`input` and `output` are JSON Schemas (draft 2020-12) of the activity node's input and saved output.",
  })
  list(@Tenant() _principal: Principal): ActivityManifest {
    return this.manifest;
  }
}
