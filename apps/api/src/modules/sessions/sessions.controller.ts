import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { LoginLockedException } from './session-errors';
import {
  changePasswordBodySchema,
  loginBodySchema,
  refreshBodySchema,
  type ChangePasswordBody,
  type LoginBody,
  type RefreshBody,
} from './session-request.schema';
import { SessionService, type CallerProfile, type Session } from './session.service';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiNoContent, ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { callerSchema, sessionSchema } from './session-response.schema';

/** A lockout's 429 carries Retry-After. */
async function withRetryAfter<T>(response: Response, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LoginLockedException) {
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    throw error;
  }
}

/** Email-and-password sign-in for people; servers use API keys instead. No guard: these make the tokens. */
@ApiTags('auth')
@Controller('api/auth')
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: returns a 15-minute access token and a rotating refresh token' })
  @ApiZodBody(loginBodySchema)
  @ApiZodResponse(200, sessionSchema)
  @ApiErrors(401, ['INVALID_CREDENTIALS'])
  @ApiErrors(429, ['TOO_MANY_LOGIN_ATTEMPTS'], 'Locked out for a while (Retry-After says how long).')
  async login(
    @Body(new ZodValidationPipe(loginBodySchema, 'body')) body: LoginBody,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Session> {
    return withRetryAfter(response, () => this.sessions.login({ ...body, address: request.ip ?? 'unknown' }));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for new tokens (the old refresh token stops working)' })
  @ApiZodBody(refreshBodySchema)
  @ApiZodResponse(200, sessionSchema)
  @ApiErrors(401, ['INVALID_REFRESH_TOKEN'])
  refresh(@Body(new ZodValidationPipe(refreshBodySchema, 'body')) body: RefreshBody): Promise<Session> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session the refresh token belongs to' })
  @ApiZodBody(refreshBodySchema)
  @ApiNoContent()
  async logout(@Body(new ZodValidationPipe(refreshBodySchema, 'body')) body: RefreshBody): Promise<void> {
    await this.sessions.logout(body.refreshToken);
  }

  /** Who the credentials belong to and what they allow: the editor shows or hides actions by it. */
  @Get('me')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The caller: kind (user or api_key), tenant, role, permissions, workspace and (people) name',
  })
  @ApiZodResponse(200, callerSchema)
  async me(@Tenant() principal: Principal): Promise<Omit<Principal, 'scopes'> & CallerProfile> {
    const { scopes: _scopes, ...caller } = principal;
    return { ...caller, ...(await this.sessions.describe(principal)) };
  }

  @Post('password')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password; every session of yours ends (sign in again)' })
  @ApiZodBody(changePasswordBodySchema)
  @ApiNoContent('Changed; sign in again')
  @ApiErrors(403, ['USERS_ONLY'], 'API keys have no password.')
  @ApiErrors(429, ['TOO_MANY_PASSWORD_ATTEMPTS'])
  async changePassword(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(changePasswordBodySchema, 'body')) body: ChangePasswordBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    if (principal.kind !== 'user' || !principal.userId) {
      throw new ForbiddenException({ code: 'USERS_ONLY', message: 'API keys have no password to change.' });
    }
    await withRetryAfter(response, () =>
      this.sessions.changePassword(principal, body.currentPassword, body.newPassword),
    );
  }
}
