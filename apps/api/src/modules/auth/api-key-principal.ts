/** What an API key may do. `tenant create` gives the first key all three. */
export type ApiScope = 'leads:write' | 'runs:read' | 'runs:write';

/** Who is calling: set on the request by ApiKeyGuard, read with @Tenant(). */
export interface ApiKeyPrincipal {
  tenantId: string;
  apiKeyId: string;
  scopes: readonly string[];
}

/** The request as ApiKeyGuard leaves it. */
export interface AuthenticatedRequest {
  principal?: ApiKeyPrincipal;
}
