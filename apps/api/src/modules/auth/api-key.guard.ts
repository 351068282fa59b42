import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeyAuthenticator } from './api-key-authenticator.service';
import type { ApiScope, AuthenticatedRequest } from './api-key-principal';
import { REQUIRED_SCOPES } from './require-scopes.decorator';

/**
 * Public API authentication: a valid, unrevoked API key (401 UNAUTHORIZED otherwise) holding every
 * scope the route names with @RequireScopes (403 FORBIDDEN otherwise). The key itself is never logged.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    let principal;
    try {
      principal = await this.authenticator.authenticate(request.headers.authorization);
    } catch (error) {
      if (error instanceof UnauthorizedException) {
        http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="leadline"');
      }
      throw error;
    }
    const required =
      this.reflector.getAllAndOverride<ApiScope[] | undefined>(REQUIRED_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const missing = required.filter((scope) => !principal.scopes.includes(scope));
    if (missing.length) {
      throw new ForbiddenException({
        code: 'FORBIDDEN',
        message: `This API key lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
      });
    }
    request.principal = principal;
    return true;
  }
}
