import type { Permission } from './permissions';
import type { Role } from './role-permissions';

/** What a caller may be allowed to do; the name predates users (API keys call them scopes). */
export type ApiScope = Permission;

/** Who is calling: set on the request by AuthGuard (alias ApiKeyGuard), read with @Tenant(). */
export interface Principal {
  kind: 'user' | 'api_key';
  tenantId: string;
  /** Set when a signed-in user calls (kind 'user'). */
  userId?: string;
  /** Set when an API key calls (kind 'api_key'). */
  apiKeyId?: string;
  /** The user's role (kind 'user'); API keys have scopes instead. */
  role?: Role;
  /** Everything this caller may do: the role's permissions, or the key's known scopes. */
  permissions: readonly Permission[];
  /** The same list; kept for code written when only API keys existed. */
  scopes: readonly string[];
}

/** @deprecated the caller may now be a user too: use Principal. */
export type ApiKeyPrincipal = Principal;

/** The request as AuthGuard leaves it. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The actor columns of an audit_logs row for this caller. */
export function auditActor(principal: Principal): {
  actorUserId: string | null;
  actorApiKeyId: string | null;
} {
  return { actorUserId: principal.userId ?? null, actorApiKeyId: principal.apiKeyId ?? null };
}
