import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { EmbeddedSignupController } from './embedded-signup.controller';
import { EmbeddedSignupService } from './embedded-signup.service';

@Module({
  imports: [AuthModule, AuditModule],
  // Embedded Signup first: its fixed path must not be read as a channel id.
  controllers: [EmbeddedSignupController, ChannelsController],
  providers: [ChannelsService, EmbeddedSignupService],
})
export class ChannelsModule {}
