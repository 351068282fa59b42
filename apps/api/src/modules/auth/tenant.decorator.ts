import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from './api-key-principal';

/** The caller (user or API key), its tenant and permissions. Only on routes guarded by AuthGuard. */
export const Tenant = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // A programming error (a route without the guard), so a 500 rather than a 401.
  if (!principal) throw new Error('@Tenant() needs AuthGuard (or ApiKeyGuard) on the route');
  return principal;
});
