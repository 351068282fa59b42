import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActivityManifest, ActivityRegistry } from '@leadline/activity-sdk';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { z } from 'zod';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { InjectActivityRegistry } from './activity-registry.token';

const jsonSchemaObject = z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12)');

/** 200 of GET /api/activities (the activity SDK's ActivityManifest). */
export const activityManifestSchema = z.object({
  activities: z.array(
    z.object({
      name: z.string(),
      title: z.string(),
      description: z.string(),
      input: jsonSchemaObject,
      output: jsonSchemaObject,
      secrets: z.array(z.string()),
      timeoutMs: z.number().int(),
      retry: z.object({ attempts: z.number().int(), backoffMs: z.number().int() }),
    }),
  ),
});

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
  @ApiZodResponse(200, activityManifestSchema)
  list(@Tenant() _principal: Principal): ActivityManifest {
    return this.manifest;
  }
}
