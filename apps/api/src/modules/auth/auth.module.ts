import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { ApiKeyAuthenticator } from './api-key-authenticator.service';
import { AuthGuard } from './auth.guard';
import { UserAuthenticator } from './user-authenticator.service';

/**
 * Authentication and permissions for the API. Feature modules import it and put
 * `@UseGuards(AuthGuard)` (or its older name ApiKeyGuard) with `@RequireScopes(...)` on controllers.
 */
@Module({
  providers: [ApiKeyAuthenticator, UserAuthenticator, AccessTokenService, AuthGuard],
  exports: [ApiKeyAuthenticator, UserAuthenticator, AccessTokenService, AuthGuard],
})
export class AuthModule {}
