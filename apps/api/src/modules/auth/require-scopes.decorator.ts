import { SetMetadata } from '@nestjs/common';
import type { ApiScope } from './api-key-principal';

export const REQUIRED_SCOPES = 'leadline:required-scopes';

/** The scopes the API key must have for this route (all of them); ApiKeyGuard enforces them. */
export const RequireScopes = (...scopes: ApiScope[]) => SetMetadata(REQUIRED_SCOPES, scopes);
