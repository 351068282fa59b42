import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiKeyPrincipal, AuthenticatedRequest } from './api-key-principal';

/** The calling API key's tenant, key id and scopes. Only on routes guarded by ApiKeyGuard. */
export const Tenant = createParamDecorator((_data: unknown, context: ExecutionContext): ApiKeyPrincipal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // A programming error (a route without the guard), so a 500 rather than a 401.
  if (!principal) throw new Error('@Tenant() needs ApiKeyGuard on the route');
  return principal;
});
