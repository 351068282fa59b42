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
import type { AuthenticatedRequest, Principal } from './api-key-principal';
import type { Permission } from './permissions';
import { missingPermissions } from './role-permissions';
import { REQUIRED_SCOPES } from './require-scopes.decorator';
import { UserAuthenticator } from './user-authenticator.service';

const BEARER = /^Bearer +(\S+) *$/i;
/** API keys start with ll_ (libs/secrets); anything else after Bearer is taken for an access token. */
const API_KEY_PREFIX = 'll_';

/**
 * Authentication for the whole API: `Authorization: Bearer` followed either by an API key or by a
 * user's access token (401 UNAUTHORIZED otherwise), whose permissions must include every one the
 * route names with @RequireScopes (403 FORBIDDEN otherwise). Credentials are never logged.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly users: UserAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    let principal: Principal;
    try {
      principal = await this.authenticate(request.headers.authorization);
    } catch (error) {
      if (error instanceof UnauthorizedException) {
        http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="leadline"');
      }
      throw error;
    }
    const required =
      this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const missing = missingPermissions(principal.permissions, required);
    if (missing.length) {
      const plural = missing.length > 1 ? 's' : '';
      throw new ForbiddenException({
        code: 'FORBIDDEN',
        message:
          principal.kind === 'api_key'
            ? `This API key lacks the scope${plural} ${missing.join(', ')}.`
            : `Your role (${principal.role}) lacks the permission${plural} ${missing.join(', ')}.`,
      });
    }
    request.principal = principal;
    return true;
  }

  private authenticate(authorization: string | undefined): Promise<Principal> {
    const credential = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (credential && !credential.startsWith(API_KEY_PREFIX)) return this.users.authenticate(credential);
    // No header, another scheme, or an API key: the API-key path words each problem.
    return this.apiKeys.authenticate(authorization);
  }
}
