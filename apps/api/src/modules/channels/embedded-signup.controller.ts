import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { embeddedSignupSchema, type EmbeddedSignup } from './embedded-signup.schema';
import {
  EmbeddedSignupService,
  type EmbeddedSignupOutcome,
  type EmbeddedSignupSettings,
} from './embedded-signup.service';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { embeddedSignupOutcomeSchema, embeddedSignupSettingsSchema } from './channels-response.schema';

@ApiTags('channels')
@ApiBearerAuth()
@Controller('api/channels/meta/embedded-signup')
@UseGuards(AuthGuard)
export class EmbeddedSignupController {
  constructor(private readonly signup: EmbeddedSignupService) {}

  @Get()
  @RequireScopes('channels:read')
  @ApiOperation({ summary: "Whether Embedded Signup is offered, with the Meta app's public ids for the SDK" })
  @ApiZodResponse(200, embeddedSignupSettingsSchema)
  settings(): EmbeddedSignupSettings {
    return this.signup.settings();
  }

  @Post()
  @RequireScopes('channels:write')
  @ApiOperation({
    summary:
      'Finish Embedded Signup: exchange the code, subscribe the app, register the number, store the channel, sync templates',
  })
  @ApiZodBody(embeddedSignupSchema)
  @ApiZodResponse(201, embeddedSignupOutcomeSchema)
  @ApiErrors(400, [
    'VALIDATION_FAILED',
    'SIGNUP_CODE_EXPIRED',
    'SIGNUP_CODE_INVALID',
    'CHANNEL_NOT_VERIFIED',
    'MISSING_PERMISSION',
    'REGISTRATION_PIN_MISMATCH',
    'NUMBER_REGISTRATION_REFUSED',
  ])
  @ApiErrors(409, ['CHANNEL_EXISTS'])
  @ApiErrors(503, ['SIGNUP_NOT_CONFIGURED', 'PROVIDER_UNREACHABLE'])
  complete(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(embeddedSignupSchema, 'body')) body: EmbeddedSignup,
  ): Promise<EmbeddedSignupOutcome> {
    return this.signup.complete(principal, body);
  }
}
