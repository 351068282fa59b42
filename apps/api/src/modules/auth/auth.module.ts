import { Module } from '@nestjs/common';
import { ApiKeyAuthenticator } from './api-key-authenticator.service';
import { ApiKeyGuard } from './api-key.guard';

/** API-key authentication for the public API; feature modules import it and use @UseGuards(ApiKeyGuard). */
@Module({
  providers: [ApiKeyAuthenticator, ApiKeyGuard],
  exports: [ApiKeyAuthenticator, ApiKeyGuard],
})
export class AuthModule {}
