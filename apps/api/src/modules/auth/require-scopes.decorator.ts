import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';

export const REQUIRED_SCOPES = 'leadline:required-scopes';

/**
 * The permissions the caller must hold for this route (all of them): an API key's scopes, or the
 * signed-in user's role (role-permissions.ts). AuthGuard enforces them.
 */
export const RequireScopes = (...permissions: Permission[]) => SetMetadata(REQUIRED_SCOPES, permissions);

/** The same decorator under the name that fits users as well as keys. */
export const RequirePermissions = RequireScopes;
