import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LoginThrottleService } from './login-throttle.service';
import { SessionService } from './session.service';
import { SessionsController } from './sessions.controller';

/** POST /api/auth/login, /refresh, /logout. */
@Module({
  imports: [AuthModule],
  controllers: [SessionsController],
  providers: [SessionService, LoginThrottleService],
})
export class SessionsModule {}
